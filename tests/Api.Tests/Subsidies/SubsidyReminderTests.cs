using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Notifications;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Subsidies;

/// <summary>The daily reminders, run as the Hangfire job runs them, at chosen moments after the applications were made.</summary>
public sealed class SubsidyReminderTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [Fact]
    public async Task Workers_hear_before_their_correction_deadline_officers_get_a_digest_and_the_level_above_hears_of_long_overdue_items()
    {
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("提醒测试：互助金", 100_000_00, ["grassroots", "county", "city"]);
        var waiting = await api.MemberAsync();
        var waitingId = await waiting.SubmitHardshipAsync(programId);
        var returned = await api.MemberAsync();
        var returnedId = await returned.SubmitHardshipAsync(programId);
        var grassroots = await api.OfficerAsync("yunnei.bz");
        await grassroots.PostAsJsonAsync($"/api/officer/subsidies/applications/{returnedId}/return", new { reason = "请补充诊断书" }).Expect(HttpStatusCode.OK);
        var (clerk, county) = await api.WithDbAsync(async db => (
            await db.Officers.Where(o => o.Username == "yunnei.bz").Select(o => o.Id).SingleAsync(),
            await db.Officers.Where(o => o.Username == "km.guandu").Select(o => o.Id).SingleAsync()));
        var start = DateTime.UtcNow;

        // Day 6: the waiting item is a day past the grassroots deadline (5 days); the correction is due tomorrow.
        var first = await RunAsync(start.AddDays(6));
        Assert.Equal(new ReminderRun(0, 1, 1, 0), first);
        Assert.Equal(new ReminderRun(0, 0, 0, 0), await RunAsync(start.AddDays(6)));
        Assert.Equal(1, await CountAsync(returned.Id, SubsidyNotices.CorrectionDue));
        Assert.Equal(1, await CountAsync(clerk, SubsidyNotices.OfficerDigest));
        Assert.Equal(0, await CountAsync(county, SubsidyNotices.OfficerEscalation));

        // Day 9: four days overdue, past the three-day escalation delay: the county union hears of it. The correction lapsed.
        var later = await RunAsync(start.AddDays(9));
        Assert.Equal(1, later.Expired);
        Assert.Equal(1, later.Escalations);
        var escalation = await api.WithDbAsync(db => db.Notifications.SingleAsync(n => n.RecipientId == county && n.Kind == SubsidyNotices.OfficerEscalation));
        Assert.Contains("云南云内动力集团有限公司工会 1 份", escalation.Body);
        Assert.Equal(Outbox.OfficerRecipient, escalation.RecipientType);
        var status = await api.WithDbAsync(db => db.SubsidyApplications.Where(a => a.Id == returnedId).Select(a => a.Status).SingleAsync());
        Assert.Equal(SubsidyStatus.Expired, status);
        Assert.Equal(1, await CountAsync(returned.Id, SubsidyNotices.Expired));
        var timeline = await (await returned.Http.GetAsync($"/api/subsidies/applications/{returnedId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("subsidies.application.expired", (string?)timeline["timeline"]!.AsArray()[^1]!["action"]);
        Assert.Equal(SubsidyStatus.UnderReview, await api.WithDbAsync(db => db.SubsidyApplications.Where(a => a.Id == waitingId).Select(a => a.Status).SingleAsync()));
    }

    private async Task<ReminderRun> RunAsync(DateTime now)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubsidyReminders>().RunAsync(now, CancellationToken.None);
    }

    private Task<int> CountAsync(Guid recipient, string kind) =>
        api.WithDbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == recipient && n.Kind == kind));
}

/// <summary>From the outbox to WeChat: the kinds of this feature are mapped to the simulator's templates.</summary>
public sealed class SubsidyDeliveryTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [Fact]
    public async Task A_status_change_reaches_the_worker_through_the_mapped_subscribe_template()
    {
        const string template = "sim-tmpl-review-result";
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("提醒测试：送达", 100_000_00, ["city"]);
        var worker = await api.MemberAsync();
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId = template, count = 1 }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [template] = "accept" } }).Expect(HttpStatusCode.OK);

        await worker.SubmitHardshipAsync(programId);
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);
        }

        var message = Assert.Single((await (await api.CreateClient().GetAsync($"/wechat-sim/dev/messages?openid={worker.OpenId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(template, (string?)message["templateId"]);
        Assert.Equal("提醒测试：送达", (string?)message["data"]!["thing1"]);
        Assert.Equal("审核中", (string?)message["data"]!["phrase2"]);
        Assert.StartsWith("pages/subsidies/detail?id=", (string?)message["page"]);
    }
}
