namespace Changai.WeChat;

/// <summary>WeChat could not be reached or did not answer with JSON: network error, timeout, non-2xx status,
/// or a body that is not JSON, or the circuit breaker open (<see cref="WeChatCircuitOpenException"/>). Usually worth
/// retrying later.</summary>
public class WeChatTransportException(string api, string message, Exception? innerException = null)
    : Exception($"WeChat API '{api}': {message}", innerException)
{
    public string Api { get; } = api;
}
