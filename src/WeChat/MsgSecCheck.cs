namespace Changai.WeChat;

/// <summary>Where the checked text appears (msgSecCheck v2 <c>scene</c>).</summary>
public enum MsgSecCheckScene
{
    Profile = 1,
    Comment = 2,
    Forum = 3,
    SocialLog = 4,
}

public enum MsgSecCheckSuggest
{
    Pass,
    Review,
    Risky,
}

/// <summary>msgSecCheck v2 request. The user must have opened the mini-program within about 2 hours (else 61010).</summary>
public sealed record MsgSecCheckRequest(string Content, MsgSecCheckScene Scene, string OpenId)
{
    public string? Title { get; init; }

    public string? Nickname { get; init; }

    /// <summary>Personal signature; only meaningful for <see cref="MsgSecCheckScene.Profile"/>.</summary>
    public string? Signature { get; init; }
}

/// <summary>The verdict. <see cref="Label"/>: 100 normal, 10001 ad, 20001 politics, 20002 porn, 20003 abuse,
/// 20006 illegal, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other.</summary>
public sealed record MsgSecCheckResult(MsgSecCheckSuggest Suggest, int Label, string? TraceId)
{
    public const int LabelNormal = 100;
    public const int LabelOther = 21000;
}
