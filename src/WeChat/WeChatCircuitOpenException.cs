namespace Changai.WeChat;

/// <summary>The call was not sent: WeChat failed repeatedly just now and the circuit breaker is holding calls back
/// for a while. Unlike other transport failures, nothing reached WeChat, so nothing can have been delivered.</summary>
public sealed class WeChatCircuitOpenException(string api, TimeSpan? retryAfter, Exception? innerException = null)
    : WeChatTransportException(api, "circuit open after repeated failures; not sent", innerException, requestSent: false)
{
    /// <summary>How long the breaker stays open, when known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
