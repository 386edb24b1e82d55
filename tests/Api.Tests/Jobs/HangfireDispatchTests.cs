using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Changai.Domain.Notifications;
using Changai.Jobs;
using Changai.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Changai.Api.Tests.Jobs;

/// <summary>Delivery on Hangfire: in the embedded default with no Jobs process, and across Jobs processes on PostgreSQL.</summary>
public sealed class HangfireDispatchTests(ITestOutputHelper output)
{
    private const string Template = "sim-tmpl-review-result";

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
                hosts.Add(await StartJobsHostAsync(api, new()
                {
                    ["Jobs:Schedules:purge-expired-records"] = "* * * * * *",
                    ["Jobs:Schedules:dispatch-notifications"] = "off",
                }));
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await StopAsync(hosts);
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
        const int workers = 100, perWorker = 10, total = workers * perWorker, freezeAfter = 150;
        await using var api = new ApiFactory();
        var http = api.CreateClient();
        var openIds = await SeedAsync(api, workers, perWorker);
        foreach (var openId in openIds)
        {
            await http.PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = openId, templateId = Template, count = perWorker }).Expect(HttpStatusCode.OK);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Schedules:dispatch-notifications"] = "*/2 * * * * *",
            ["Notifications:LeaseSeconds"] = "10",
            ["Notifications:Senders"] = "1",
        };
        // Process A: after its 150th send has reached WeChat it stops dead, holding its leases, before recording the outcome.
        var freeze = new Freeze(freezeAfter);
        var hosts = new List<WebApplication> { await StartJobsHostAsync(api, settings, () => new FreezeHandler(freeze, api.Server.CreateHandler())) };
        try
        {
            await freeze.Reached.Task.WaitAsync(TimeSpan.FromMinutes(1));
            var clock = Stopwatch.StartNew();
            var frozenRows = await api.WithDbAsync(db => db.Notifications.Where(n => n.DeliveryStatus == DeliveryStatus.Pending && n.LeaseOwner != null).Select(n => n.Id).ToListAsync());
            TimeSpan? reclaimed = null;
            // Process B: the default sender loops; it may claim A's rows once A's 10 s leases have lapsed.
            hosts.Add(await StartJobsHostAsync(api, new Dictionary<string, string?>(settings) { ["Notifications:Senders"] = "4" }));
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

            var messages = (await (await http.GetAsync("/wechat-sim/dev/messages")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
            var inDoubt = await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Failed && n.LastError == NotificationDispatcher.InDoubt));
            var sent = await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Sent));
            var breakdown = string.Join(", ", await api.WithDbAsync(db => db.Notifications.GroupBy(n => n.DeliveryStatus + ":" + n.LastError).Select(g => g.Key + "=" + g.Count()).ToListAsync()));
            var duplicates = messages.GroupBy(m => (string)m!["openid"]! + "|" + m["data"]!["thing4"]!.ToJsonString()).Count(g => g.Count() > 1);
            output.WriteLine($"takeover: A's {frozenRows.Count} leased rows settled {reclaimed?.TotalSeconds ?? clock.Elapsed.TotalSeconds:F1} s and the rest delivered {clock.Elapsed.TotalSeconds:F1} s after A froze (lease 10 s); " +
                $"{messages.Count} messages at WeChat, {sent} sent, {inDoubt} in doubt, {duplicates} duplicates ({breakdown})");
            Assert.Equal(total, messages.Count);            // none lost: WeChat has every one, the frozen one included
            Assert.Equal(0, duplicates);                     // none doubled
            // What was in flight when A died (its sends reached WeChat, their answers never came back) is marked in doubt and
            // never re-sent; everything else was sent by B.
            Assert.InRange(inDoubt, 1, 5);
            Assert.InRange(sent, total - 5, total - inDoubt);
            Assert.All(openIds, o => Assert.Equal(perWorker, messages.Count(m => (string)m!["openid"]! == o)));
        }
        finally
        {
            freeze.Release();
            await StopAsync(hosts);
        }
    }

    private static async Task<List<string>> SeedAsync(ApiFactory api, int workers, int perWorker)
    {
        var now = DateTime.UtcNow;
        var openIds = new List<string>();
        await api.WithDbAsync(async db =>
        {
            for (var w = 0; w < workers; w++)
            {
                var worker = new Worker { Id = Guid.CreateVersion7(), OpenId = $"o-takeover-{w:D4}-{Guid.NewGuid():N}"[..28], CreatedAt = now, LastLoginAt = now, UpdatedAt = now };
                openIds.Add(worker.OpenId);
                db.Workers.Add(worker);
                db.SubscriptionCredits.Add(new SubscriptionCredit { Id = Guid.CreateVersion7(), RecipientType = Outbox.WorkerRecipient, RecipientId = worker.Id, TemplateId = Template, Credits = perWorker, UpdatedAt = now });
                for (var i = 0; i < perWorker; i++)
                {
                    db.Enqueue(now, Outbox.WorkerRecipient, worker.Id, "membership.approved", worker.Id, i.ToString(), "入会申请已通过", $"第{i}条", "pages/membership/status",
                        new Dictionary<string, string> { ["union"] = "曲靖浩祥服饰有限公司工会", ["status"] = "已通过", ["time"] = "2026年11月21日 10:00" });
                }
            }

            return await db.SaveChangesAsync();
        });
        return openIds;
    }

    private static async Task<WebApplication> StartJobsHostAsync(ApiFactory api, Dictionary<string, string?> settings, Func<HttpMessageHandler>? wechat = null)
    {
        var host = JobsHost.Build(["--environment", "Development"], builder =>
        {
            var all = new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = api.ConnectionString,
                ["WeChat:AppId"] = "wxdemo0000000000001",
                ["WeChat:AppSecret"] = "demo-app-secret-not-for-production",
                ["WeChat:BaseAddress"] = "http://localhost/wechat-sim",
                ["Jobs:Store"] = "Postgres",
                ["Notifications:BatchSize"] = "50",
                ["Notifications:Templates:membership.approved:TemplateId"] = Template,
                ["Notifications:Templates:membership.approved:Fields:thing1"] = "union",
                ["Notifications:Templates:membership.approved:Fields:phrase2"] = "status",
                ["Notifications:Templates:membership.approved:Fields:time3"] = "time",
                ["Notifications:Templates:membership.approved:Fields:thing4"] = "body",
            };
            foreach (var (key, value) in settings)
            {
                all[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(all);
            builder.Services.AddHttpClient(WeChatClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(wechat ?? (() => api.Server.CreateHandler()));
        });
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(List<WebApplication> hosts)
    {
        foreach (var host in hosts)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.StopAsync(stop.Token);
            await host.DisposeAsync();
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
