namespace Changai.WeChat;

/// <summary>How the WeChat HttpClient copes with a slow or failing WeChat, bound from "WeChat:Resilience".
/// The whole call (all attempts) is bounded by <see cref="WeChatOptions.TimeoutSeconds"/>.</summary>
public sealed class WeChatResilienceOptions
{
    /// <summary>One attempt gives up after this long; a retry may follow only for the APIs that are safe to repeat.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 4;

    /// <summary>Retries after a transient failure (5xx, 408, 429, a network error, an attempt timeout), only for the
    /// APIs <see cref="WeChatResilience"/> lists as safe to repeat. 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones double, with jitter (a Retry-After header wins).</summary>
    public double RetryDelaySeconds { get; set; } = 0.2;

    /// <summary>The breaker opens when at least this share of the calls in the sampling window failed transiently…</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>…and the window held at least this many calls.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public double BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>While open, every call fails at once with <see cref="WeChatCircuitOpenException"/>; then one trial call
    /// decides whether it closes.</summary>
    public double BreakerBreakSeconds { get; set; } = 15;
}
