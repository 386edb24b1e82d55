using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Changai.Api.Tests.Notifications;

/// <summary>
/// Sends that fail on the way, against the simulator: a message that may have reached WeChat is never sent a second time
/// (it is marked in doubt), one that surely did not is sent again later, and a database outage between reserving a credit
/// and sending loses no outcome.
/// </summary>
public sealed class DispatchFaultTests(ITestOutputHelper output)
{
    private static async Task<DispatchResult> DispatchAsync(ApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    private static Task<Notification> OnlyNotificationAsync(ApiFactory api) =>
        api.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync());

    private static Task<int> CreditsAsync(ApiFactory api) =>
        api.WithDbAsync(db => db.SubscriptionCredits.Select(c => c.Credits).SingleAsync());

    private static Task FaultAsync(ApiFactory api, object fault) =>
        api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/faults", fault).Expect(HttpStatusCode.OK);

    [Theory]
    [InlineData("late")]
    [InlineData("dropped")]
    public async Task A_send_whose_answer_never_comes_back_is_marked_in_doubt_and_never_sent_again(string fault)
    {
        // WeChat takes the message, then answers 3 s late (the client gives up after 1 s) or closes the connection unanswered.
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["WeChat:Resilience:AttemptTimeoutSeconds"] = "1" });
        var openId = (await DispatchKit.SeedAsync(api, workers: 1, perWorker: 1, fault)).Single();
        await FaultAsync(api, fault == "late" ? new { api = WeChatApiNames.SubscribeSend, delayMs = 3000 } : new { api = WeChatApiNames.SubscribeSend, drop = true });

        var result = await DispatchAsync(api);
        await DispatchAsync(api); // a later run finds nothing to send again

        var notification = await OnlyNotificationAsync(api);
        Assert.Equal((DeliveryStatus.Failed, NotificationDispatcher.InDoubt), (notification.DeliveryStatus, notification.LastError));
        Assert.Equal(1, result.Failed);
        Assert.Null(notification.SendStartedAt);
        Assert.Single(await DispatchKit.MessagesAsync(api, openId)); // WeChat did deliver it, once
        Assert.Equal(0, await CreditsAsync(api));                   // and the user's accept was spent on it
    }

    [Fact]
    public async Task A_send_whose_connection_never_opened_is_retried_later_and_delivered_once()
    {
        await using var api = new ApiFactory();
        var openId = (await DispatchKit.SeedAsync(api, workers: 1, perWorker: 1, "refused")).Single();

        // The same dispatcher, but its subscribe sends go to a loopback port nobody listens on: refused before a byte leaves.
        using (var scope = api.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            using var refused = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}/wechat-sim/") };
            var wechat = new WeChatClient(refused, services.GetRequiredService<WeChatAccessTokenProvider>(), services.GetRequiredService<IOptions<WeChatOptions>>(),
                services.GetRequiredService<WeChatMetrics>(), services.GetRequiredService<ILogger<WeChatClient>>());
            var dispatcher = new NotificationDispatcher(services.GetRequiredService<AppDbContext>(), wechat, services.GetRequiredService<SendThrottle>(),
                services.GetRequiredService<IOptions<NotificationOptions>>(), TimeProvider.System, services.GetRequiredService<ILogger<NotificationDispatcher>>());
            await dispatcher.DispatchDueAsync(CancellationToken.None);
        }

        var first = await OnlyNotificationAsync(api);
        Assert.Equal((DeliveryStatus.Pending, "network", 1), (first.DeliveryStatus, first.LastError, first.Attempts));
        Assert.True(first.NextAttemptAt > DateTime.UtcNow.AddSeconds(10));
        Assert.Empty(await DispatchKit.MessagesAsync(api, openId));
        Assert.Equal(1, await CreditsAsync(api)); // nothing was sent, so nothing was spent

        // Time passes: the back-off is over, and WeChat is reachable again.
        await api.WithDbAsync(db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
        await DispatchAsync(api);

        Assert.Equal(DeliveryStatus.Sent, (await OnlyNotificationAsync(api)).DeliveryStatus);
        Assert.Single(await DispatchKit.MessagesAsync(api, openId));
        Assert.Equal(0, await CreditsAsync(api));
    }

    [Fact]
    public async Task A_send_answered_503_is_retried_later_without_spending_the_credit()
    {
        await using var api = new ApiFactory();
        var openId = (await DispatchKit.SeedAsync(api, workers: 1, perWorker: 1, "busy503")).Single();
        await FaultAsync(api, new { api = WeChatApiNames.SubscribeSend, httpStatus = 503 });

        await DispatchAsync(api);

        var first = await OnlyNotificationAsync(api);
        Assert.Equal((DeliveryStatus.Pending, "network"), (first.DeliveryStatus, first.LastError));
        Assert.Equal(1, await CreditsAsync(api));
        await api.WithDbAsync(db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
        await DispatchAsync(api);
        Assert.Equal(DeliveryStatus.Sent, (await OnlyNotificationAsync(api)).DeliveryStatus);
        Assert.Single(await DispatchKit.MessagesAsync(api, openId));
    }

    [PostgresFact]
    public async Task A_database_outage_between_reserving_a_credit_and_sending_loses_no_outcome_and_sends_nothing_twice()
    {
        const int workers = 50, perWorker = 4, total = workers * perWorker;
        await using var api = new ApiFactory();
        var openIds = await DispatchKit.SeedAsync(api, workers, perWorker, "outage");
        // On the 60th send: its credit is reserved and its send marked (committed), then PostgreSQL refuses every connection
        // and drops the open ones for 3 s while that send and the others in flight go on to WeChat.
        var outage = new Outage(api.ConnectionString, atSend: 60, TimeSpan.FromSeconds(3));
        var hosts = new List<WebApplication>();
        try
        {
            hosts.Add(await DispatchKit.StartJobsHostAsync(api, new Dictionary<string, string?>
            {
                ["Jobs:Schedules:dispatch-notifications"] = "*/2 * * * * *",
                ["Notifications:Senders"] = "4",
                ["Notifications:LeaseSeconds"] = "60",
            }, () => new OutageHandler(outage, api.Server.CreateHandler())));
            await outage.Over.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await DispatchKit.DrainedAsync(api, TimeSpan.FromMinutes(2));
        }
        finally
        {
            await DispatchKit.StopAsync(hosts);
        }

        var deliveries = DispatchKit.Deliveries(await DispatchKit.MessagesAsync(api));
        output.WriteLine($"outage of 3 s at send 60: {deliveries.Count} at WeChat, {deliveries.Distinct().Count()} distinct; {await DispatchKit.BreakdownAsync(api)}");
        Assert.Equal(total, deliveries.Count);
        Assert.Equal(total, deliveries.Distinct().Count());
        // Every outcome was recorded once the database was back: all sent, none in doubt, each credit spent exactly once.
        Assert.Equal(total, await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Sent && n.SendStartedAt == null)));
        Assert.All(await api.WithDbAsync(db => db.SubscriptionCredits.Select(c => c.Credits).ToListAsync()), c => Assert.Equal(0, c));
        Assert.All(openIds, o => Assert.Equal(perWorker, deliveries.Count(d => d.StartsWith(o + "|", StringComparison.Ordinal))));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Takes the test's PostgreSQL database away (no new connections, open ones terminated) for a while.</summary>
    private sealed class Outage(string connectionString, int atSend, TimeSpan length)
    {
        private readonly string database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        private int sends;

        public TaskCompletionSource Over { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task BeforeSendAsync()
        {
            if (Interlocked.Increment(ref sends) != atSend)
            {
                return;
            }

            await AllowConnectionsAsync(false);
            _ = Task.Run(async () =>
            {
                await Task.Delay(length);
                await AllowConnectionsAsync(true);
                Over.TrySetResult();
            });
        }

        private async Task AllowConnectionsAsync(bool allow)
        {
            await using var admin = new NpgsqlConnection(ApiFactory.PostgresConnectionString("postgres"));
            await admin.OpenAsync();
            await new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin).ExecuteNonQueryAsync();
            if (!allow)
            {
                await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
                terminate.Parameters.AddWithValue("db", database);
                await terminate.ExecuteScalarAsync();
            }
        }
    }

    /// <summary>Starts the outage just before the chosen subscribe send goes out, then lets it (and every other) through.</summary>
    private sealed class OutageHandler(Outage outage, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("subscribe/send", StringComparison.Ordinal))
            {
                await outage.BeforeSendAsync();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
