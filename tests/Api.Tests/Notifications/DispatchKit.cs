using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Changai.Domain.Notifications;
using Changai.Jobs;
using Changai.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.Api.Tests.Notifications;

/// <summary>
/// What the dispatch tests share: due notifications seeded straight into the outbox (with the credits on our side and at the
/// simulator, as after the users tapped "允许"), real Jobs hosts on the test's database, and the messages WeChat received.
/// </summary>
internal static class DispatchKit
{
    public const string Template = "sim-tmpl-review-result";

    /// <summary>
    /// <paramref name="workers"/> new workers with <paramref name="perWorker"/> due notifications and as many credits each;
    /// returns their openids. Every body is unique (<c>{prefix}-{worker}-{n}</c>), so a duplicate at WeChat is visible.
    /// </summary>
    public static async Task<List<string>> SeedAsync(ApiFactory api, int workers, int perWorker, string prefix)
    {
        var now = DateTime.UtcNow;
        var openIds = new List<string>();
        await api.WithDbAsync(async db =>
        {
            for (var w = 0; w < workers; w++)
            {
                var worker = new Worker { Id = Guid.CreateVersion7(), OpenId = $"o-{prefix}-{w:D4}-{Guid.NewGuid():N}"[..28], CreatedAt = now, LastLoginAt = now, UpdatedAt = now };
                openIds.Add(worker.OpenId);
                db.Workers.Add(worker);
                db.SubscriptionCredits.Add(new SubscriptionCredit { Id = Guid.CreateVersion7(), RecipientType = Outbox.WorkerRecipient, RecipientId = worker.Id, TemplateId = Template, Credits = perWorker, UpdatedAt = now });
                for (var i = 0; i < perWorker; i++)
                {
                    db.Enqueue(now, Outbox.WorkerRecipient, worker.Id, "membership.approved", worker.Id, i.ToString(), "入会申请已通过", $"{prefix}-{w}-{i}", "pages/membership/status",
                        new Dictionary<string, string> { ["union"] = "曲靖浩祥服饰有限公司工会", ["status"] = "已通过", ["time"] = "2026年11月21日 10:00" });
                }
            }

            return await db.SaveChangesAsync();
        });

        var http = api.CreateClient();
        foreach (var openId in openIds)
        {
            await http.PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = openId, templateId = Template, count = perWorker }).Expect(HttpStatusCode.OK);
        }

        return openIds;
    }

    /// <summary>
    /// A Jobs host (Hangfire server on the test's PostgreSQL) whose WeChat client reaches the API's simulator, through
    /// <paramref name="wechat"/> when given (a handler that injects a fault around the real one).
    /// </summary>
    public static async Task<WebApplication> StartJobsHostAsync(ApiFactory api, IDictionary<string, string?> settings, Func<HttpMessageHandler>? wechat = null)
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

    public static async Task StopAsync(IEnumerable<WebApplication> hosts)
    {
        foreach (var host in hosts)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.StopAsync(stop.Token);
            await host.DisposeAsync();
        }
    }

    /// <summary>Waits until no notification is pending; fails after <paramref name="timeout"/>.</summary>
    public static async Task DrainedAsync(ApiFactory api, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Pending)) > 0)
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, $"notifications still pending after {timeout.TotalMinutes:F0} minutes");
            await Task.Delay(250);
        }
    }

    public static async Task<JsonArray> MessagesAsync(ApiFactory api, string? openId = null) =>
        (await (await api.CreateClient().GetAsync("/wechat-sim/dev/messages" + (openId is null ? "" : $"?openid={openId}"))).ReadNodeAsync(HttpStatusCode.OK)).AsArray();

    /// <summary>Each message's (openid, body): the same pair twice is a message sent twice.</summary>
    public static List<string> Deliveries(JsonArray messages) =>
        messages.Select(m => (string)m!["openid"]! + "|" + (string)m["data"]!["thing4"]!).ToList();

    /// <summary>Notifications by outcome, e.g. <c>Sent=990, Failed:in_doubt=4</c>, for test output.</summary>
    public static async Task<string> BreakdownAsync(ApiFactory api) =>
        string.Join(", ", await api.WithDbAsync(db => db.Notifications.GroupBy(n => n.DeliveryStatus + ":" + n.LastError).Select(g => g.Key + "=" + g.Count()).ToListAsync()));
}
