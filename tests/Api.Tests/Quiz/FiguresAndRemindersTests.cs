using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Common;
using Changai.Domain.Notifications;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>Organisers' figures with CSV export; the reminders (daily question, opening, last day) through the outbox to WeChat.</summary>
public sealed class FiguresAndRemindersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string NoticeTemplate = "sim-tmpl-notice";

    [Fact]
    public async Task Figures_count_participants_by_prefecture_and_union_attempts_per_day_and_correct_rates_and_export_as_csv()
    {
        var campaign = await api.PublishedCampaignAsync();
        var member = await api.NewWorkerAsync();
        await member.CompleteIdentityAsync();
        var application = await api.ApplyAsync(member, "530111001");
        await (await api.OfficerAsync("km.shi")).PostAsJsonAsync($"/api/officer/membership/applications/{application}/approve", new { }).Expect(HttpStatusCode.OK);
        await api.TakeAsync(member, campaign, correct: 10);
        var placed = await api.KunmingWorkerAsync();
        await api.TakeAsync(placed, campaign, correct: 5);
        await api.TakeAsync(placed, campaign, correct: 6);
        var started = await api.KunmingWorkerAsync();
        await started.StartAsync(campaign);

        var officer = await api.OfficerAsync("km.quiz");
        var figures = await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, (int)figures["participants"]!);
        Assert.Equal(4, (int)figures["attempts"]!);
        Assert.Equal(3, (int)figures["submitted"]!);
        Assert.Equal(1, (int)figures["perfectScores"]!);
        var kunming = figures["byPrefecture"]!.AsArray().Single()!;
        Assert.Equal("5301", (string)kunming["code"]!);
        Assert.Equal("昆明市", (string)kunming["name"]!);
        Assert.Equal(3, (int)kunming["attempts"]!);
        var yunnei = figures["byUnion"]!.AsArray().First()!;
        Assert.Equal("云南云内动力集团有限公司工会", (string)yunnei["name"]!);
        Assert.Equal(1.0, (double)yunnei["participationRate"]!);
        var day = figures["attemptsPerDay"]!.AsArray().Single()!;
        Assert.Equal(ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), (string)day["date"]!);
        Assert.Equal(4, (int)day["started"]!);
        var questions = figures["questions"]!.AsArray();
        Assert.Equal(30, questions.Sum(q => (int)q!["answered"]!));
        Assert.Equal(21, questions.Sum(q => (int)q!["correct"]!));

        var export = await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures/export?table=unions");
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("工会代码,工会,参与人数,会员人数,参与率,平均分", lines[0]);
        Assert.StartsWith("530111001,云南云内动力集团有限公司工会,1,1,100.0%,100.0", lines[1]);
        var perQuestion = Encoding.UTF8.GetString((await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures/export?table=questions")).Content.ReadAsByteArrayAsync())[3..]);
        Assert.StartsWith("编号,题干,作答次数,答对次数,正确率", perQuestion);
        await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures/export?table=salaries")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }

    /// <summary>The user allowed one message of the notice template, in WeChat and reported to us.</summary>
    private async Task AcceptNoticeAsync(WorkerSession worker)
    {
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId = NoticeTemplate, count = 1 }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [NoticeTemplate] = "accept" } }).Expect(HttpStatusCode.OK);
    }

    private async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> act) where TService : notnull
    {
        using var scope = api.Services.CreateScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>The quiz notifications a worker got (about one campaign, when given: the demo campaign opens for Kunming too).</summary>
    private Task<List<string>> KindsAsync(Guid workerId, Guid? campaign = null) =>
        api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == workerId && n.Kind.StartsWith("quiz."))
            .Where(n => campaign == null || n.DedupKey.Contains(campaign.Value.ToString("N"))).Select(n => n.Kind).ToListAsync());

    [Fact]
    public async Task Todays_question_is_sent_once_to_those_who_asked_for_it_and_have_not_answered()
    {
        var subscribed = await api.NewWorkerAsync();
        await AcceptNoticeAsync(subscribed);
        var notSubscribed = await api.NewWorkerAsync();
        var alreadyAnswered = await api.NewWorkerAsync();
        await AcceptNoticeAsync(alreadyAnswered);
        await alreadyAnswered.Http.PostAsJsonAsync("/api/quiz/daily/answer", new { optionIds = new[] { "A" } }).Expect(HttpStatusCode.OK);

        await WithServiceAsync<QuizReminders, int>(r => r.QueueDailyQuestionAsync(CancellationToken.None));
        await WithServiceAsync<QuizReminders, int>(r => r.QueueDailyQuestionAsync(CancellationToken.None));
        await WithServiceAsync<NotificationDispatcher, DispatchResult>(d => d.DispatchDueAsync(CancellationToken.None));

        Assert.Equal(["quiz.daily_question"], await KindsAsync(subscribed.Id));
        Assert.Empty(await KindsAsync(notSubscribed.Id));
        Assert.Empty(await KindsAsync(alreadyAnswered.Id));
        var messages = (await (await api.CreateClient().GetAsync($"/wechat-sim/dev/messages?openid={subscribed.OpenId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
        var message = Assert.Single(messages)!;
        Assert.Equal(NoticeTemplate, (string)message["templateId"]!);
        Assert.Equal("今日一题", (string)message["data"]!["thing1"]!);
        Assert.StartsWith("pages/quiz/daily", (string)message["page"]!);
    }

    [Fact]
    public async Task A_campaign_announces_its_opening_and_its_last_day_once_to_its_audience()
    {
        // Closes at midnight tonight, China time: today is its last day.
        var tonight = TimeZoneInfo.ConvertTimeToUtc(ChinaTime.Today(TimeProvider.System).AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Zone);
        var campaign = await api.PublishedCampaignAsync(c => c["endsAt"] = new DateTimeOffset(tonight).ToString("O"));
        var audience = await api.KunmingWorkerAsync();
        await AcceptNoticeAsync(audience);
        var participant = await api.KunmingWorkerAsync();
        await AcceptNoticeAsync(participant);
        await AcceptNoticeAsync(participant);
        await api.TakeAsync(participant, campaign, correct: 5);
        var elsewhere = await api.NewWorkerAsync();
        await elsewhere.Http.PutAsJsonAsync("/api/me/profile", new { countyCode = "530302", isEcologicalMigrant = false }).Expect(HttpStatusCode.OK);
        await AcceptNoticeAsync(elsewhere);

        await WithServiceAsync<QuizReminders, int>(r => r.QueueCampaignRemindersAsync(CancellationToken.None));
        await WithServiceAsync<QuizReminders, int>(r => r.QueueCampaignRemindersAsync(CancellationToken.None));

        Assert.Equal(["quiz.campaign_last_day", "quiz.campaign_opening"], (await KindsAsync(audience.Id, campaign)).Order());
        Assert.Equal(["quiz.campaign_opening"], await KindsAsync(participant.Id, campaign)); // already took part: no last-day nudge
        Assert.Empty(await KindsAsync(elsewhere.Id));
        var flags = await api.WithDbAsync(db => db.QuizCampaigns.Where(c => c.Id == campaign).Select(c => new { c.OpeningNotifiedAt, c.LastDayNotifiedAt }).SingleAsync());
        Assert.NotNull(flags.OpeningNotifiedAt);
        Assert.NotNull(flags.LastDayNotifiedAt);
    }
}
