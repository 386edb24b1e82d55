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

namespace Changai.Api.Tests.Notifications;

/// <summary>
/// Two Jobs hosts, Hangfire servers on one PostgreSQL storage, dispatching 5,000 due notifications concurrently: the simulator
/// must receive each exactly once, none lost.
/// </summary>
public sealed class ClusteredDispatchTests
{
    private const string Template = "sim-tmpl-review-result";
    private const int Workers = 500;
    private const int PerWorker = 10;

    [PostgresFact]
    public async Task Two_clustered_jobs_hosts_deliver_5000_notifications_exactly_once()
    {
        await using var api = new ApiFactory();
        var http = api.CreateClient();
        var now = DateTime.UtcNow;
        var openIds = new List<string>();
        await api.WithDbAsync(async db =>
        {
            for (var w = 0; w < Workers; w++)
            {
                var worker = new Worker { Id = Guid.CreateVersion7(), OpenId = $"o-cluster-{w:D4}-{Guid.NewGuid():N}"[..28], CreatedAt = now, LastLoginAt = now, UpdatedAt = now };
                openIds.Add(worker.OpenId);
                db.Workers.Add(worker);
                db.SubscriptionCredits.Add(new SubscriptionCredit { Id = Guid.CreateVersion7(), RecipientType = Outbox.WorkerRecipient, RecipientId = worker.Id, TemplateId = Template, Credits = PerWorker, UpdatedAt = now });
                for (var i = 0; i < PerWorker; i++)
                {
                    db.Enqueue(now, Outbox.WorkerRecipient, worker.Id, "membership.approved", worker.Id, i.ToString(), "入会申请已通过", "恭喜", "pages/membership/status",
                        new Dictionary<string, string> { ["union"] = "曲靖浩祥服饰有限公司工会", ["status"] = "已通过", ["time"] = "2026年11月21日 10:00" });
                }
            }

            return await db.SaveChangesAsync();
        });
        foreach (var openId in openIds)
        {
            await http.PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = openId, templateId = Template, count = PerWorker }).Expect(HttpStatusCode.OK);
        }

        var hosts = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var host = JobsHost.Build(["--environment", "Development"], builder =>
                {
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Urls"] = "http://127.0.0.1:0",
                        ["Database:Provider"] = "Postgres",
                        ["ConnectionStrings:Default"] = api.ConnectionString,
                        ["WeChat:AppId"] = "wxdemo0000000000001",
                        ["WeChat:AppSecret"] = "demo-app-secret-not-for-production",
                        ["WeChat:BaseAddress"] = "http://localhost/wechat-sim",
                        ["Jobs:Store"] = "Postgres",
                        ["Jobs:Schedules:dispatch-notifications"] = "* * * * * *",
                        ["Notifications:BatchSize"] = "50",
                        ["Notifications:Templates:membership.approved:TemplateId"] = Template,
                        ["Notifications:Templates:membership.approved:Fields:thing1"] = "union",
                        ["Notifications:Templates:membership.approved:Fields:phrase2"] = "status",
                        ["Notifications:Templates:membership.approved:Fields:time3"] = "time",
                        ["Notifications:Templates:membership.approved:Fields:thing4"] = "body",
                    });
                    builder.Services.AddHttpClient(WeChatClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler());
                });
                await host.StartAsync();
                hosts.Add(host);
            }

            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Pending)) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "not all notifications were dispatched within 3 minutes");
                await Task.Delay(500);
            }

            // Both hosts run a Hangfire server on the one storage.
            await using (var connection = new NpgsqlConnection(api.ConnectionString))
            {
                await connection.OpenAsync();
                var servers = (long)(await new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection).ExecuteScalarAsync())!;
                Assert.Equal(2, servers);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }

        var messages = (await (await http.GetAsync("/wechat-sim/dev/messages")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
        var perOpenId = messages.GroupBy(m => (string)m!["openid"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Workers * PerWorker, messages.Count);                           // none lost, none doubled
        Assert.All(openIds, o => Assert.Equal(PerWorker, perOpenId.GetValueOrDefault(o))); // each recipient got exactly theirs
        Assert.Equal(Workers * PerWorker, await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Sent)));
    }
}
