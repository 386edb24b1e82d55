namespace Changai.WeChat;

/// <summary>Names of the WeChat APIs as they appear in exceptions, logs and the simulator's fault and stats
/// endpoints.</summary>
public static class WeChatApiNames
{
    public const string Code2Session = "code2session";
    public const string StableToken = "stable_token";
    public const string LegacyToken = "token";
    public const string SubscribeSend = "subscribe_send";
    public const string GetPhoneNumber = "get_phone_number";
    public const string MsgSecCheck = "msg_sec_check";
    public const string GetWxaCodeUnlimit = "get_wxacode_unlimit";
    public const string GetUserRiskRank = "get_user_risk_rank";

    public static IReadOnlyList<string> All { get; } =
        [Code2Session, StableToken, LegacyToken, SubscribeSend, GetPhoneNumber, MsgSecCheck, GetWxaCodeUnlimit, GetUserRiskRank];
}
