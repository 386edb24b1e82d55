using Changai.Domain.Notifications;
using Changai.WeChat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Changai.Domain.Telemetry;

/// <summary>
/// OpenTelemetry metrics for either host (API, Jobs), served in Prometheus text format at <c>/metrics</c> to loopback
/// callers or to a bearer of <c>Metrics:Token</c> (<see cref="MetricsEndpoint"/>). One call registers everything,
/// including the endpoint, so a host adds a single line.
/// </summary>
public static class ChangaiTelemetry
{
    /// <summary>Our own gauges (<see cref="CachedGauges"/>).</summary>
    public const string MeterName = "Changai";

    public static IServiceCollection AddChangaiTelemetry(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.Token) || o.Token.Length >= 32, "Metrics:Token 至少 32 个字符（openssl rand -base64 32），或不设置（仅本机可读）")
            .Validate(o => o.Path.StartsWith('/') && o.Path.Length > 1, "Metrics:Path 须以 / 开头")
            .Validate(o => o.GaugeCacheSeconds is >= 1 and <= 300, "Metrics:GaugeCacheSeconds 须在 1–300 之间")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CachedGauges>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, MetricsEndpoint>());

        // Gauges read from storage: each is read at most once per Metrics:GaugeCacheSeconds, whatever the scrape rate.
        // One more gauge (e.g. Hangfire queue lengths) is one more line here.
        services.AddCachedGauge("changai.outbox.pending", "{notification}",
            "Notifications waiting to be sent as WeChat subscribe messages (due now or waiting for a retry)", OutboxBacklog.PendingAsync);
        services.AddCachedGauge("changai.outbox.oldest_due_age", "s",
            "How long the oldest due notification has waited past its next attempt time (0 when none is due); grows when no dispatcher runs", OutboxBacklog.OldestDueAgeSecondsAsync);

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // http.server.* (meter Microsoft.AspNetCore.Hosting), Kestrel connections, routing, rate limiting.
            .AddAspNetCoreInstrumentation()
            // http.client.*: the WeChat client's requests carry the tag wechat.api.
            .AddMeter("System.Net.Http")
            // changai.wechat.calls: by API, outcome and errcode.
            .AddMeter(WeChatMetrics.MeterName)
            // Resilience events: retries, timeouts, the breaker opening and closing.
            .AddMeter("Polly")
            // db.client.connection.*: the PostgreSQL pool (Npgsql's own meter; nothing on SQLite).
            .AddMeter("Npgsql")
            .AddMeter(MeterName)
            .AddInstrumentation(sp => sp.GetRequiredService<CachedGauges>())
            .AddPrometheusExporter());
        return services;
    }
}
