using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Changai.WeChat;

public static class WeChatServiceCollectionExtensions
{
    private static readonly string[] MiniProgramStates = ["developer", "trial", "formal"];

    /// <summary>Registers <see cref="WeChatOptions"/> (section "WeChat", validated on start), the typed
    /// <see cref="WeChatClient"/> and the access-token machinery. Returns the client's builder so that callers can
    /// replace the primary handler (tests route it into an in-memory server).</summary>
    public static IHttpClientBuilder AddWeChatClient(this IServiceCollection services)
    {
        services.AddWeChatOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWeChatAccessTokenCache, InMemoryWeChatAccessTokenCache>();
        services.TryAddSingleton<WeChatAccessTokenProvider>();
        services.AddMetrics();
        services.TryAddSingleton<WeChatMetrics>();

        return services
            .AddHttpClient<WeChatClient>(WeChatClient.HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                http.BaseAddress = WeChatHttp.NormalizeBaseAddress(options.BaseAddress);
                // The resilience pipeline enforces TimeoutSeconds; this is only a backstop behind it.
                http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5);
            })
            .AddWeChatResilience()
            // Our request URIs carry the secret, js_code and access_token. .NET redacts query strings in HttpClient
            // logs, but one AppContext switch (System.Net.Http.DisableUriRedaction) undoes that; we log api + errcode ourselves.
            .RemoveAllLoggers();
    }

    internal static OptionsBuilder<WeChatOptions> AddWeChatOptions(this IServiceCollection services) =>
        services.AddOptions<WeChatOptions>()
            .BindConfiguration(WeChatOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AppId), "WeChat:AppId is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.AppSecret), "WeChat:AppSecret is required.")
            .Validate(o => Uri.TryCreate(o.BaseAddress, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "WeChat:BaseAddress must be an absolute http(s) URI.")
            .Validate(o => MiniProgramStates.Contains(o.MiniProgramState), "WeChat:MiniProgramState must be developer, trial or formal.")
            .Validate(o => o.TimeoutSeconds > 0, "WeChat:TimeoutSeconds must be positive.")
            .Validate(WeChatResilience.IsValid,
                "WeChat:Resilience: AttemptTimeoutSeconds 0.01–3600, MaxRetries 0–5, RetryDelaySeconds 0–30, "
                + "BreakerFailureRatio (0, 1], BreakerMinimumThroughput ≥ 2, BreakerSamplingSeconds and BreakerBreakSeconds ≥ 0.5.")
            .ValidateOnStart();
}
