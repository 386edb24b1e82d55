namespace Changai.WeChat;

/// <summary>The errcodes our callers branch on. See shared/reference/wechat-server-api.md for the full tables.</summary>
public static class WeChatErrorCodes
{
    public const int SystemBusy = -1;
    public const int InvalidAccessToken = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAppId = 40013;
    public const int InvalidAccessTokenFormat = 40014;
    public const int InvalidCode = 40029;
    public const int InvalidTemplateId = 40037;
    public const int InvalidScene = 40129;
    public const int CodeAlreadyUsed = 40163;
    public const int SceneTooLong = 40169;
    public const int InvalidSecret = 40125;
    public const int AccessTokenMissing = 41001;
    public const int InvalidPage = 41030;
    public const int AccessTokenExpired = 42001;
    public const int PostRequired = 43002;
    public const int SubscriptionQuotaExhausted = 43101;
    public const int EmptyPostBody = 44002;
    public const int DailyQuotaReached = 45009;
    public const int RateLimited = 45011;
    public const int InvalidJsonOrMissingParameter = 47001;
    public const int InvalidArgument = 47003;
    public const int UserNotRecentlyVisited = 61010;
    public const int ContentRisky = 87014;

    /// <summary>Errcodes that mean "get a new access token and try again once".</summary>
    public static bool IsAccessTokenRejection(int errCode) =>
        errCode is InvalidAccessToken or InvalidAccessTokenFormat or AccessTokenExpired;
}
