using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Changai.WeChat;

/// <summary>The WeChat HttpClient's resilience pipeline: a total timeout, retries for the APIs that are safe to repeat,
/// a circuit breaker shared by every call to WeChat (one host), and a per-attempt timeout.</summary>
/// <remarks>
/// WeChat reports its own errors (errcode -1 "busy", 45011 rate limit, …) as HTTP 200, which this layer cannot see:
/// those reach the caller as <see cref="WeChatApiException"/>. The pipeline only handles the transport: 5xx, 408, 429,
/// network errors and attempt timeouts.
/// </remarks>
public static class WeChatResilience
{
    internal static readonly HttpRequestOptionsKey<string> ApiKey = new("Changai.WeChat.Api");

    /// <summary>Set on one request to keep it from being repeated whatever its API (a forced token refresh).</summary>
    internal static readonly HttpRequestOptionsKey<bool> NeverRetryKey = new("Changai.WeChat.NeverRetry");

    /// <summary>
    /// APIs repeated after a transient failure: repeating them cannot do anything twice.
    /// <list type="bullet">
    /// <item>stable_token (normal mode) answers the same token while it is valid; a forced refresh is never repeated
    /// (it invalidates the previous token and is limited to 20 a day).</item>
    /// <item>msg_sec_check and getuserriskrank only read a verdict; getwxacodeunlimit draws the same code for the same
    /// scene and page, without limit.</item>
    /// </list>
    /// Never repeated:
    /// <list type="bullet">
    /// <item>subscribe_send: WeChat has no idempotency key, and an attempt that timed out may well have been delivered,
    /// so a repeat could push the same message twice (and spend a second accept). The dispatcher decides what a failed
    /// send means, from its outbox record.</item>
    /// <item>code2session and get_phone_number: their codes are single-use. If the first attempt reached WeChat, the code
    /// is spent and a repeat can only answer 40163/40029, turning a transient failure into "invalid code"; the
    /// mini-program gets a fresh code from wx.login / the phone button at once, which is the right recovery.</item>
    /// </list>
    /// </summary>
    public static IReadOnlySet<string> SafeToRepeat { get; } = new[]
    {
        WeChatApiNames.StableToken, WeChatApiNames.MsgSecCheck, WeChatApiNames.GetUserRiskRank, WeChatApiNames.GetWxaCodeUnlimit,
    }.ToFrozenSet(StringComparer.Ordinal);

    internal const string PipelineName = "wechat";

    internal static IHttpClientBuilder AddWeChatResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WeChatOptions>>().Value;
            var r = options.Resilience;
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
            if (r.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = r.MaxRetries,
                    Delay = TimeSpan.FromSeconds(r.RetryDelaySeconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        MayRepeat(args.Context.GetRequestMessage()) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = r.BreakerFailureRatio,
                MinimumThroughput = r.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(r.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(r.BreakerBreakSeconds),
            });
            // An attempt never outlasts the whole call (a short WeChat:TimeoutSeconds alone is enough to tighten both).
            pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Min(r.AttemptTimeoutSeconds, options.TimeoutSeconds)));
        });
        return builder;
    }

    internal static void MarkRequest(HttpRequestMessage request, string api) => request.Options.Set(ApiKey, api);

    private static bool MayRepeat(HttpRequestMessage? request) =>
        request is not null
        && request.Options.TryGetValue(ApiKey, out var api) && SafeToRepeat.Contains(api)
        && !(request.Options.TryGetValue(NeverRetryKey, out var never) && never);

    /// <summary>The limits Polly itself enforces, checked on start so a bad setting fails there, not on the first call.</summary>
    internal static bool IsValid(WeChatOptions o) =>
        o.Resilience is { } r
        && r.AttemptTimeoutSeconds is >= 0.01 and <= 3600
        && r.MaxRetries is >= 0 and <= 5
        && r.RetryDelaySeconds is >= 0 and <= 30
        && r.BreakerFailureRatio is > 0 and <= 1
        && r.BreakerMinimumThroughput >= 2
        && r.BreakerSamplingSeconds >= 0.5
        && r.BreakerBreakSeconds >= 0.5;
}
