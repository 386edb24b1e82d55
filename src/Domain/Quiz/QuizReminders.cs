using System.Globalization;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Quiz;

/// <summary>
/// The quiz's reminders, written to the outbox: today's question, a campaign opening and its last day. They go to
/// workers who allowed a message of the mapped template (a subscription credit): a reminder nobody asked for would only
/// fill inboxes. Each is queued once per person (dedup key), however often the jobs run.
/// </summary>
public sealed class QuizReminders(AppDbContext db, IOptions<NotificationOptions> notifications, TimeProvider time, ILogger<QuizReminders> logger)
{
    public const string DailyKind = "quiz.daily_question";
    public const string OpeningKind = "quiz.campaign_opening";
    public const string LastDayKind = "quiz.campaign_last_day";
    public const string PrizeKind = "quiz.prize_result";

    public async Task<int> QueueDailyQuestionAsync(CancellationToken ct)
    {
        if (TemplateOf(DailyKind) is not { } template)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        if (await DailyQuestions.ForDayAsync(db, today, now, ct) is not { } daily)
        {
            return 0;
        }

        var stem = await db.QuizQuestionVersions.Where(v => v.Id == daily.QuestionVersionId).Select(v => v.Stem).SingleAsync(ct);
        var slot = today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var answered = db.QuizDailyAnswers.Where(a => a.Day == today).Select(a => a.WorkerId);
        var queued = db.Notifications.Where(n => n.Kind == DailyKind && n.DedupKey.EndsWith(":" + slot)).Select(n => n.RecipientId);
        var recipients = await CreditHolders(template).Where(id => !answered.Contains(id) && !queued.Contains(id)).ToListAsync(ct);
        foreach (var chunk in recipients.Chunk(1000))
        {
            foreach (var workerId in chunk)
            {
                db.Enqueue(now, Outbox.WorkerRecipient, workerId, DailyKind, daily.QuestionId, slot, "今日一题", $"今天的题目：{stem}", "pages/quiz/daily",
                    new Dictionary<string, string> { ["question"] = stem, ["time"] = SubscribeTime(now) });
            }

            await db.SaveChangesAsync(ct);
        }

        logger.LogInformation("Queued {Count} daily-question reminders for {Day}", recipients.Count, today);
        return recipients.Count;
    }

    /// <summary>Opening and last-day reminders of published campaigns; each campaign records that it sent them.</summary>
    public async Task<int> QueueCampaignRemindersAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var campaigns = await db.QuizCampaigns
            .Where(c => c.Status == CampaignStatus.Published && c.StartsAt <= now && c.EndsAt > now && (c.OpeningNotifiedAt == null || c.LastDayNotifiedAt == null))
            .ToListAsync(ct);
        var total = 0;
        foreach (var campaign in campaigns)
        {
            if (campaign.OpeningNotifiedAt is null)
            {
                var recipients = await AudienceWithCreditAsync(campaign, OpeningKind, ct);
                foreach (var workerId in recipients)
                {
                    Notify(campaign, workerId, OpeningKind, "opening", "竞答活动开始了",
                        $"“{campaign.Title}”已开始，截止到 {ChinaTime.ToChina(campaign.EndsAt):M月d日 HH:mm}，快来答题吧。", now);
                }

                campaign.OpeningNotifiedAt = now;
                total += recipients.Count;
            }

            if (campaign.LastDayNotifiedAt is null && campaign.LastDay == today)
            {
                var took = db.QuizAttempts.Where(a => a.CampaignId == campaign.Id && a.Status == AttemptStatus.Submitted).Select(a => a.WorkerId);
                var recipients = (await AudienceWithCreditAsync(campaign, LastDayKind, ct)).Except(await took.Distinct().ToListAsync(ct)).ToList();
                foreach (var workerId in recipients)
                {
                    Notify(campaign, workerId, LastDayKind, "last-day", "竞答活动今天截止",
                        $"“{campaign.Title}”将于今天 {ChinaTime.ToChina(campaign.EndsAt):HH:mm} 截止，您还没有参加。", now);
                }

                campaign.LastDayNotifiedAt = now;
                total += recipients.Count;
            }

            await db.SaveChangesAsync(ct);
        }

        return total;
    }

    /// <summary>Tells a winner (in the same unit of work as the draw that chose them).</summary>
    public static void NotifyWinner(AppDbContext db, QuizCampaign campaign, QuizPrizeWinner winner, DateTime now) =>
        db.Enqueue(now, Outbox.WorkerRecipient, winner.WorkerId, PrizeKind, campaign.Id, "prize", "恭喜您获奖",
            $"您在“{campaign.Title}”中获得{campaign.PrizeName ?? "奖品"}（第 {winner.Rank} 名），工会将与您联系领奖。", $"pages/quiz/campaign?id={campaign.Id}",
            new Dictionary<string, string> { ["campaign"] = campaign.Title, ["time"] = SubscribeTime(now) });

    private void Notify(QuizCampaign campaign, Guid workerId, string kind, string slot, string title, string body, DateTime now) =>
        db.Enqueue(now, Outbox.WorkerRecipient, workerId, kind, campaign.Id, slot, title, body, $"pages/quiz/campaign?id={campaign.Id}",
            new Dictionary<string, string> { ["campaign"] = campaign.Title, ["time"] = SubscribeTime(campaign.EndsAt) });

    /// <summary>Workers in the campaign's audience who hold a credit for the kind's template and have no such reminder yet.</summary>
    private async Task<List<Guid>> AudienceWithCreditAsync(QuizCampaign campaign, string kind, CancellationToken ct)
    {
        if (TemplateOf(kind) is not { } template)
        {
            return [];
        }

        var queued = db.Notifications.Where(n => n.Kind == kind && n.DedupKey.StartsWith(kind + ":" + campaign.Id.ToString("N"))).Select(n => n.RecipientId);
        var holders = CreditHolders(template).Where(id => !queued.Contains(id));
        var candidates = await db.Workers.AsNoTracking().Where(w => holders.Contains(w.Id))
            .Select(w => new
            {
                w.Id,
                w.CountyCode,
                UnionPath = db.Members.Where(m => m.WorkerId == w.Id && m.Status == MembershipStatus.Active)
                    .Select(m => db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Path).First()).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. candidates.Where(c => campaign.Includes(c.UnionPath, c.CountyCode)).Select(c => c.Id)];
    }

    private IQueryable<Guid> CreditHolders(string templateId) =>
        db.SubscriptionCredits.Where(c => c.RecipientType == Outbox.WorkerRecipient && c.TemplateId == templateId && c.Credits > 0).Select(c => c.RecipientId);

    private string? TemplateOf(string kind)
    {
        var template = notifications.Value.Templates.GetValueOrDefault(kind)?.TemplateId;
        if (template is null)
        {
            logger.LogInformation("No template mapped for {Kind}: its reminders are not queued", kind);
        }

        return template;
    }

    private static string SubscribeTime(DateTime utc) => WeChat.SubscribeValueFormatter.FormatTime(utc);
}
