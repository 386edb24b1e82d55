using Microsoft.Extensions.Logging;

namespace Changai.WeChat;

// Only API names, errcodes and statuses are logged: never codes, tokens, secrets, session keys or phone numbers.
internal static partial class WeChatLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "WeChat API {Api} returned errcode {ErrCode}")]
    public static partial void ApiError(this ILogger logger, string api, int errCode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "WeChat API {Api} transport failure: {Reason}")]
    public static partial void TransportError(this ILogger logger, string api, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "WeChat API {Api} rejected the access token with errcode {ErrCode}; renewing it and retrying once")]
    public static partial void AccessTokenRejected(this ILogger logger, string api, int errCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Fetched a WeChat access token for {AppId} (force_refresh: {ForceRefresh}, expires_in: {ExpiresIn})")]
    public static partial void AccessTokenFetched(this ILogger logger, string appId, bool forceRefresh, int expiresIn);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "WeChat returned the rejected access token again for {AppId}, but a forced refresh ran less than 30 s ago; giving up")]
    public static partial void ForceRefreshTooSoon(this ILogger logger, string appId);
}
