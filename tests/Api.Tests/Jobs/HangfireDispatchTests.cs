using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Api.Tests.Notifications;
using Changai.Domain.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Changai.Api.Tests.Jobs;

/// <summary>Delivery on Hangfire: in the embedded default with no Jobs process, and across Jobs processes on PostgreSQL.</summary>
public sealed class HangfireDispatchTests(ITestOutputHelper output)
{
    private const string Template = DispatchKit.Template;

    [Fact]
    public async Task The_embedded_default_delivers_an_approval_within_seconds_with_no_jobs_process()
    {
        // The API's own Hangfire server (in-memory store): the commit enqueues a dispatch; the sweep is an hour away.
        await using var api = ApiFactory.With(new Dictionary<string, string?>
        {
            ["Jobs:InProcess"] = "true",
            ["Jobs:Store"] = "Memory",
            ["Jobs:Schedules:dispatch-notifications"] = "0 * * * *",
        });
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId = Template, count = 1 }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [Template] = "accept" } }).Expect(HttpStatusCode.OK);
        var applicationId = await api.ApplyAsync(worker);
        var officer = await api.OfficerAsync("km.guandu");

        var clock = Stopwatch.StartNew();
        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }).Expect(HttpStatusCode.OK);
        var sim = api.CreateClient();
        int count;
        do
        {
            await Task.Delay(50);
            count = (await (await sim.GetAsync($"/wechat-sim/dev/messages?openid={worker.OpenId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray().Count;
        }
        while (count == 0 && clock.Elapsed < TimeSpan.FromSeconds(20));

        output.WriteLine($"approval → WeChat (simulator) in {clock.ElapsedMilliseconds} ms");
        var stats = api.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().GetStatistics();
        output.WriteLine($"hangfire: {stats.Servers} servers, {stats.Enqueued} enqueued, {stats.Succeeded} succeeded, {stats.Failed} failed; notification: " +
            string.Join(",", await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id).Select(n => n.Kind + ":" + n.DeliveryStatus + ":" + n.LastError).ToListAsync())));
        Assert.Equal(1, count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the message took {clock.Elapsed.TotalSeconds:F1} s");
        await Task.Delay(500);
        Assert.Single((await (await sim.GetAsync($"/wechat-sim/dev/messages?openid={worker.OpenId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray());
    }

    [PostgresFact]
    public async Task Each_occurrence_of_a_recurring_job_runs_once_across_two_servers()
    {
        await using var api = new ApiFactory();
        _ = api.CreateClient(); // migrates
        var hosts = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                hosts.Add(await DispatchKit.StartJobsHostAsync(api, new Dictionary<string, string?>
                {
                    ["Jobs:Schedules:purge-expired-records"] = "* * * * * *",
                    ["Jobs:Schedules:dispatch-notifications"] = "off",
                }));
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await DispatchKit.StopAsync(hosts);
        }

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var perOccurrence = new List<long>();
        await using (var reader = await new NpgsqlCommand("""
            SELECT t.value, count(*) FROM hangfire.jobparameter r
            JOIN hangfire.jobparameter t ON t.jobid = r.jobid AND t.name = 'Time'
            WHERE r.name = 'RecurringJobId' AND r.value = '"purge-expired-records"'
            GROUP BY t.value
            """, connection).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                perOccurrence.Add(reader.GetInt64(1));
            }
        }

        var servers = (long)(await new NpgsqlCommand("SELECT count(DISTINCT id) FROM hangfire.server", connection).ExecuteScalarAsync())!;
        output.WriteLine($"{perOccurrence.Count} occurrences in 10 s, {perOccurrence.Sum()} jobs, {servers} servers registered at the end");
        Assert.True(perOccurrence.Count >= 5, $"only {perOccurrence.Count} occurrences were triggered");
        Assert.All(perOccurrence, n => Assert.Equal(1, n));
    }

    [PostgresFact]
    public async Task A_jobs_process_that_dies_mid_dispatch_is_taken_over_with_nothing_sent_twice_or_lost()
    {
        const int workers = 100, perWorker = 10, total = workers * perWorker, freezeAfter = 150, lanes = 4;
        await using var api = new ApiFactory();
        var openIds = await DispatchKit.SeedAsync(api, workers, perWorker, "takeover");
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Schedules:dispatch-notifications"] = "*/2 * * * * *",
            ["Notifications:LeaseSeconds"] = "10",
            ["Notifications:Senders"] = lanes.ToString(CultureInfo.InvariantCulture),
        };
        // Process A: once its 150th send has reached WeChat, every send it makes reaches WeChat and never hands the answer
        // back: A stands still holding its leases with its lanes full, as a process killed mid-batch does.
        var freeze = new Freeze(freezeAfter);
        var hosts = new List<WebApplication> { await DispatchKit.StartJobsHostAsync(api, settings, () => new FreezeHandler(freeze, api.Server.CreateHandler())) };
        try
        {
            await freeze.Reached.Task.WaitAsync(TimeSpan.FromMinutes(1));
            var clock = Stopwatch.StartNew();
            var frozenRows = await api.WithDbAsync(db => db.Notifications.Where(n => n.DeliveryStatus == DeliveryStatus.Pending && n.LeaseOwner != null).Select(n => n.Id).ToListAsync());
            TimeSpan? reclaimed = null;
            // Process B: it may claim A's rows once A's 10 s leases have lapsed.
            hosts.Add(await DispatchKit.StartJobsHostAsync(api, settings));
            var deadline = TimeSpan.FromMinutes(5);
            while (await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Pending)) > 0)
            {
                Assert.True(clock.Elapsed < deadline, "the second process did not take over within 5 minutes");
                if (reclaimed is null && await api.WithDbAsync(db => db.Notifications.CountAsync(n => frozenRows.Contains(n.Id) && n.DeliveryStatus == DeliveryStatus.Pending)) == 0)
                {
                    reclaimed = clock.Elapsed;
                }

                await Task.Delay(200);
            }

            var deliveries = DispatchKit.Deliveries(await DispatchKit.MessagesAsync(api));
            var inDoubt = await api.WithDbAsync(db => db.Notifications.Where(n => n.DeliveryStatus == DeliveryStatus.Failed && n.LastError == NotificationDispatcher.InDoubt)
                .Join(db.Workers, n => n.RecipientId, w => w.Id, (n, w) => w.OpenId + "|" + n.Body).ToListAsync());
            var sent = await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Sent));
            var duplicates = deliveries.Count - deliveries.Distinct().Count();
            output.WriteLine($"takeover: A's {frozenRows.Count} leased rows settled {reclaimed?.TotalSeconds ?? clock.Elapsed.TotalSeconds:F1} s and the rest delivered {clock.Elapsed.TotalSeconds:F1} s after A froze (lease 10 s); " +
                $"{deliveries.Count} messages at WeChat, {sent} sent, {inDoubt.Count} in doubt, {duplicates} duplicates ({await DispatchKit.BreakdownAsync(api)})");
            Assert.Equal(total, deliveries.Count);           // none lost: WeChat has every one, the frozen ones included
            Assert.Equal(0, duplicates);                      // none doubled
            // What A had in flight when it froze (sent, answer never recorded) is in doubt and never re-sent: at most one per
            // lane, each of them at WeChat; everything else was sent and recorded.
            Assert.InRange(inDoubt.Count, 1, lanes);
            Assert.All(inDoubt, d => Assert.Contains(d, deliveries));
            Assert.Equal(total - inDoubt.Count, sent);
            Assert.All(openIds, o => Assert.Equal(perWorker, deliveries.Count(d => d.StartsWith(o + "|", StringComparison.Ordinal))));
        }
        finally
        {
            freeze.Release();
            await DispatchKit.StopAsync(hosts);
        }
    }

    private sealed class Freeze(int after)
    {
        private int sends;
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Deaf to cancellation on purpose: a dead process does not give up when its timeouts fire.</summary>
        public Task AfterSendAsync()
        {
            if (Interlocked.Increment(ref sends) < after && !Reached.Task.IsCompleted)
            {
                return Task.CompletedTask;
            }

            Reached.TrySetResult();
            return release.Task;
        }

        public void Release() => release.TrySetResult();
    }

    /// <summary>Lets a subscribe send reach the simulator, then, from the chosen one on, never hands the answer back.</summary>
    private sealed class FreezeHandler(Freeze freeze, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("subscribe/send", StringComparison.Ordinal))
            {
                await freeze.AfterSendAsync();
            }

            return response;
        }
    }
}
