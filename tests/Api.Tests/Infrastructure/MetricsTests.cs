using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Changai.Domain.Notifications;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>/metrics: Prometheus text for loopback callers or a bearer of Metrics:Token, nobody else.</summary>
public sealed class MetricsTests
{
    private const string Token = "metrics-token-for-tests-0123456789abcdef";

    private static async Task<(int Status, string ContentType, string Body)> ScrapeAsync(
        ApiFactory api, IPAddress from, string? bearer = null, string? forwardedFor = null)
    {
        var context = await api.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = from;
            if (bearer is not null)
            {
                c.Request.Headers.Authorization = "Bearer " + bearer;
            }

            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, context.Response.ContentType ?? "", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_loopback_caller_reads_the_http_wechat_and_outbox_metrics_in_prometheus_format()
    {
        await using var api = new ApiFactory();
        await api.NewWorkerAsync(); // one WeChat login: code2session through the client

        var (status, contentType, body) = await ScrapeAsync(api, IPAddress.Loopback);

        Assert.Equal(200, status);
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{", body, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/auth/wechat-login\"", body, StringComparison.Ordinal);
        Assert.Contains("changai_wechat_calls_total{", body, StringComparison.Ordinal);
        Assert.Contains("wechat_api=\"code2session\"", body, StringComparison.Ordinal);
        Assert.Contains("wechat_outcome=\"ok\"", body, StringComparison.Ordinal);
        // (HttpClient's own timings, tagged wechat.api, come from the socket handler, which the in-memory server replaces:
        // AnyAddressTests reads them from a real process.)
        Assert.DoesNotContain("js_code", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("changai_outbox_pending", body, StringComparison.Ordinal);
        if (ApiFactory.UsesPostgres)
        {
            Assert.Contains("db_client_connection", body, StringComparison.Ordinal); // Npgsql's pool meter
        }
    }

    [Fact]
    public async Task Without_a_token_configured_anyone_but_loopback_gets_404()
    {
        await using var api = new ApiFactory();

        var (status, contentType, body) = await ScrapeAsync(api, IPAddress.Parse("203.0.113.7"));

        Assert.Equal(404, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Equal("resource.not_found", (string?)JsonNode.Parse(body)!["code"]);
        Assert.Equal(404, (await ScrapeAsync(api, IPAddress.Parse("203.0.113.7"), bearer: Token)).Status);
    }

    [Fact]
    public async Task A_request_proxied_from_loopback_is_not_local()
    {
        await using var api = new ApiFactory();

        // nginx on the same machine connects from 127.0.0.1 and names the real client.
        Assert.Equal(404, (await ScrapeAsync(api, IPAddress.Loopback, forwardedFor: "203.0.113.7")).Status);
        Assert.Equal(200, (await ScrapeAsync(api, IPAddress.IPv6Loopback)).Status);
    }

    [Fact]
    public async Task With_a_token_configured_a_remote_scraper_needs_it_and_others_get_401()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["Metrics:Token"] = Token });
        var remote = IPAddress.Parse("198.51.100.20");

        Assert.Equal(200, (await ScrapeAsync(api, remote, bearer: Token)).Status);
        Assert.Equal(200, (await ScrapeAsync(api, IPAddress.Loopback, forwardedFor: "198.51.100.20", bearer: Token)).Status);

        var (status, _, body) = await ScrapeAsync(api, remote, bearer: Token + "x");
        Assert.Equal(401, status);
        Assert.Equal("metrics.unauthorized", (string?)JsonNode.Parse(body)!["code"]);
        Assert.Equal(401, (await ScrapeAsync(api, remote)).Status);
        Assert.Equal(401, (await ScrapeAsync(api, remote, bearer: Token[..^1])).Status);
    }

    [Fact]
    public async Task A_token_too_short_to_be_a_secret_fails_at_start()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["Metrics:Token"] = "short" });

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("Metrics:Token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_backlog_gauge_counts_pending_notifications()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["Metrics:GaugeCacheSeconds"] = "1" });
        var worker = await api.NewWorkerAsync();
        using var gauge = new GaugeProbe(api, "changai.outbox.pending");
        var before = await gauge.SettledAsync();

        await EnqueueAsync(api, worker.Id, 3);

        Assert.Equal(before + 3, await gauge.SettledAsync(before + 3));
    }

    [Fact]
    public async Task The_outbox_backlog_is_read_once_per_cache_period_however_often_it_is_scraped()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["Metrics:GaugeCacheSeconds"] = "300" });
        var worker = await api.NewWorkerAsync();
        using var gauge = new GaugeProbe(api, "changai.outbox.pending");
        var before = await gauge.SettledAsync();

        await EnqueueAsync(api, worker.Id, 2);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(before, gauge.Read());
            Assert.Equal(200, (await ScrapeAsync(api, IPAddress.Loopback)).Status);
            await Task.Delay(50);
        }
    }

    private static Task<int> EnqueueAsync(ApiFactory api, Guid workerId, int count) => api.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            db.Enqueue(now, Outbox.WorkerRecipient, workerId, "metrics.test", Guid.NewGuid(), "0", "标题", "内容", null);
        }

        return await db.SaveChangesAsync();
    });

    /// <summary>Reads one observable gauge of one host through a MeterListener scoped to that host's meter factory.</summary>
    private sealed class GaugeProbe : IDisposable
    {
        private readonly MeterListener listener = new();
        private long? last;

        /// <param name="api">Only this host's instrument: other tests' hosts in this process have gauges of the same name.</param>
        public GaugeProbe(ApiFactory api, string name)
        {
            var scope = api.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => last = value);
            listener.Start();
        }

        public long? Read()
        {
            last = null;
            listener.RecordObservableInstruments();
            return last;
        }

        public async Task<long> SettledAsync(long? expected = null)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                if (Read() is { } value && (expected is null || value == expected))
                {
                    return value;
                }

                if (DateTime.UtcNow > deadline)
                {
                    return Read() ?? -1;
                }

                await Task.Delay(200);
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
