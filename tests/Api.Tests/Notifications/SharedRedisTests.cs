using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Notifications;

/// <summary>What Redis shares between processes: the WeChat access token, and the sends-per-second ceiling.</summary>
public sealed class SharedRedisTests
{
    private static void RequireRedis()
    {
        if (Environment.GetEnvironmentVariable("TEST_REDIS") is null)
        {
            Assert.Fail("TEST_REDIS is not set: run the suite through tests/run.sh, which starts redis-server");
        }
    }

    [Fact]
    public async Task Two_api_instances_share_one_access_token_through_redis()
    {
        RequireRedis();
        var shared = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "shared-" + Guid.NewGuid().ToString("N") };
        await using var first = ApiFactory.With(shared);
        await using var second = ApiFactory.With(shared, wechatVia: first); // both call the same WeChat
        var wechat = first.CreateClient();

        foreach (var api in new[] { first, second })
        {
            // A worker logs in on this instance and binds a phone: getuserphonenumber needs the access token.
            var code = await (await wechat.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync();
            var login = await (await api.CreateClient().PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! })).ReadJsonAsync(HttpStatusCode.OK);
            var http = api.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
            var phone = await (await wechat.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = Phones.Random() })).ReadJsonAsync();
            await http.PostAsJsonAsync("/api/me/phone", new { code = (string)phone["code"]! }).Expect(HttpStatusCode.OK);
        }

        var stats = await (await wechat.GetAsync("/wechat-sim/dev/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)stats["calls"]!["get_phone_number"]!);
        Assert.Equal(1, (int)stats["calls"]!["stable_token"]!); // the second instance used the token the first one cached
    }

    [Fact]
    public async Task The_sends_per_second_ceiling_holds()
    {
        RequireRedis();
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["Notifications:MaxSendsPerSecond"] = "4", ["Jobs:InProcess"] = "false" });
        var worker = await api.NewWorkerAsync();
        const int count = 10;
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId = "sim-tmpl-review-result", count }).Expect(HttpStatusCode.OK);
        await api.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.SubscriptionCredits.Add(new SubscriptionCredit { Id = Guid.CreateVersion7(), RecipientType = Outbox.WorkerRecipient, RecipientId = worker.Id, TemplateId = "sim-tmpl-review-result", Credits = count, UpdatedAt = now });
            for (var i = 0; i < count; i++)
            {
                db.Enqueue(now, Outbox.WorkerRecipient, worker.Id, "membership.approved", worker.Id, i.ToString(), "通知", "内容", null,
                    new Dictionary<string, string> { ["union"] = "测试工会", ["status"] = "已通过", ["time"] = "2026年11月21日 10:00" });
            }

            return await db.SaveChangesAsync();
        });

        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);
        }

        var messages = (await (await api.CreateClient().GetAsync($"/wechat-sim/dev/messages?openid={worker.OpenId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(count, messages.Count);
        // The ceiling counts sends as they start, per clock second; the simulator stamps them as they arrive, a few
        // milliseconds later, so one send started at the end of a second can land in the next: allow that one.
        var received = messages.Select(m => DateTimeOffset.Parse((string)m!["receivedAt"]!)).Order().ToList();
        var perSecond = received.GroupBy(t => t.ToUnixTimeSeconds()).Select(g => g.Count()).ToList();
        Assert.True(perSecond.Max() <= 4 + 1, "sends per second: " + string.Join(",", perSecond));
        // 10 sends at 4 a second need three clock seconds, so they cannot all arrive within one second.
        Assert.True(received[^1] - received[0] >= TimeSpan.FromSeconds(0.9), $"10 sends arrived within {(received[^1] - received[0]).TotalMilliseconds} ms");
    }
}
