namespace Changai.WeChat;

/// <summary>WeChat could not be reached or did not answer with JSON: network error, timeout, non-2xx status,
/// or a body that is not JSON, or the circuit breaker open (<see cref="WeChatCircuitOpenException"/>). Usually worth
/// retrying later — unless the call must not take effect twice and <see cref="MayHaveBeenProcessed"/> says it may have
/// taken effect once already (a subscribe send: WeChat has no idempotency key and no way to ask).</summary>
public class WeChatTransportException(string api, string message, Exception? innerException = null, bool requestSent = true, int? statusCode = null)
    : Exception($"WeChat API '{api}': {message}", innerException)
{
    public string Api { get; } = api;

    /// <summary>
    /// Whether the request was written to a connection, so WeChat may have received it. False only when that is known not
    /// to have happened: the connection never opened (refused, name not resolved, TLS failed), the request body was never
    /// started, or the circuit breaker held the call back. True when in any doubt.
    /// </summary>
    public bool RequestSent { get; } = requestSent;

    /// <summary>The HTTP status of a non-2xx answer; null when none came back (timeout, connection lost, no connection).</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>
    /// Whether WeChat may have acted on the call: the request was sent and no answer came back that says it was not handled.
    /// 429 and 503 say the server did not handle the request (RFC 9110 §15.6.4, RFC 6585 §4); a timeout, a connection lost
    /// after sending, any other status or a body that is not JSON says nothing either way.
    /// </summary>
    public bool MayHaveBeenProcessed => RequestSent && StatusCode is not (429 or 503);
}
