using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Quiz;

/// <summary>
/// A worker starts an attempt: the server picks the questions (random, with the chapter quotas), orders each question's
/// options at random for this attempt, sets the deadline (never after the campaign closes) and answers without any answer
/// or explanation. Limits per China day and in total hold under concurrent starts (unique sequence numbers). While an
/// attempt is still open, starting again returns it instead of new questions.
/// </summary>
public static class StartAttempt
{
    public static async Task<Results<Created<AttemptView>, Ok<AttemptView>>> Handle(
        Guid id, HttpContext http, AppDbContext db, QuizCache cache, IOptions<QuizOptions> options, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = QuizClock.Now(time);
        var campaign = await cache.PublishedCampaignAsync(db, id, ct) ?? throw WorkerCampaigns.NotVisible();
        var grace = TimeSpan.FromSeconds(options.Value.SubmitGraceSeconds);
        var today = ChinaTime.DateOf(now);
        var (place, mine) = await PlaceAndAttemptsAsync(db, workerId, campaign.Id, today, now - grace, ct);
        if (!campaign.Includes(place.UnionPath, place.CountyCode))
        {
            throw WorkerCampaigns.NotVisible();
        }

        switch (campaign.PhaseAt(now))
        {
            case CampaignPhase.Upcoming:
                throw new DomainException("quiz.campaign.not_open", $"竞答将于 {ChinaTime.ToChina(campaign.StartsAt):M月d日 HH:mm} 开始");
            case CampaignPhase.Closed:
                throw new DomainException("quiz.campaign.closed", "竞答已经结束");
        }

        if (mine.Open is { } open)
        {
            var existing = await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == open, ct);
            return TypedResults.Ok(QuizViews.Attempt(existing, campaign.Title, await cache.VersionsAsync(db, existing.Questions.Select(q => q.QuestionVersionId), ct), now));
        }

        if (mine.Total >= campaign.AttemptsTotal)
        {
            throw new DomainException("quiz.attempt.total_limit", $"本次竞答每人最多答题 {campaign.AttemptsTotal} 次，您的次数已用完");
        }

        var usedToday = mine.Today;
        if (usedToday >= campaign.AttemptsPerDay)
        {
            throw new DomainException("quiz.attempt.daily_limit", $"每天最多答题 {campaign.AttemptsPerDay} 次，今天的次数已用完，明天再来吧");
        }

        var pool = await cache.PoolAsync(db, campaign.OrganizerUnionId, ct);
        var picked = QuestionPicker.Pick([.. pool.Select(p => p.Question)], campaign.QuestionsPerAttempt, campaign.ChapterQuotas(), QuestionPicker.SecureRandom);
        var attemptId = Guid.CreateVersion7();
        var attempt = new QuizAttempt
        {
            Id = attemptId, CampaignId = campaign.Id, WorkerId = workerId, UnionId = place.UnionId, PrefectureCode = place.PrefectureCode,
            Sequence = mine.Total + 1, ChinaDay = today, DaySequence = usedToday + 1, StartedAt = now, Deadline = Min(now.AddSeconds(campaign.TimeLimitSeconds), campaign.EndsAt),
            QuestionCount = picked.Count,
            Questions = [.. picked.Select((q, i) => new QuizAttemptQuestion
            {
                Position = i + 1, QuestionId = q.QuestionId, QuestionVersionId = q.VersionId,
                OptionOrder = QuestionPicker.OptionOrder(q, QuestionPicker.SecureRandom),
            })],
        };
        db.QuizAttempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another start of the same worker took this sequence number first (a double tap): one attempt, not two.
            throw DomainException.Conflict("quiz.attempt.concurrent", "正在为您准备题目，请勿重复点击");
        }

        var versions = pool.Where(p => picked.Contains(p.Question)).ToDictionary(p => p.Version.Id, p => p.Version);
        return TypedResults.Created($"/api/quiz/attempts/{attempt.Id}", QuizViews.Attempt(attempt, campaign.Title, versions, now));
    }

    /// <summary>The worker's attempts at the campaign: how many in all and today, and the one still open (if any).</summary>
    private sealed record Attempts(int Total, int Today, Guid? Open);

    /// <summary>
    /// Where the worker stands and what they already tried, in one round trip (one row by primary key with scalar
    /// subqueries on indexed columns): a start is the hot path of a campaign burst, so the query is compiled once per
    /// process (no expression tree to walk and hash on each call).
    /// </summary>
    private static async Task<(WorkerPlace Place, Attempts Mine)> PlaceAndAttemptsAsync(
        AppDbContext db, Guid workerId, Guid campaignId, DateOnly today, DateTime openDeadlineFrom, CancellationToken ct)
    {
        var row = await PlaceAndAttemptsQuery(db, workerId, campaignId, today, openDeadlineFrom, ct);
        return (QuizScope.Place(workerId, row.RealName, row.CountyCode, row.UnionId, row.UnionPath, row.UnionPrefecture),
            new Attempts(row.Total, row.Today, row.Open));
    }

    private sealed record PlaceAndAttemptsRow(
        string? RealName, string? CountyCode, Guid? UnionId, string? UnionPath, string? UnionPrefecture, int Total, int Today, Guid? Open);

    /// <summary>The worker's active membership is <see cref="QuizScope.ActiveMembership"/>, spelled out: a compiled query cannot call it.</summary>
    private static readonly Func<AppDbContext, Guid, Guid, DateOnly, DateTime, CancellationToken, Task<PlaceAndAttemptsRow>> PlaceAndAttemptsQuery =
        EF.CompileAsyncQuery((AppDbContext db, Guid workerId, Guid campaignId, DateOnly today, DateTime openDeadlineFrom, CancellationToken ct) =>
            db.Workers.AsNoTracking().Where(w => w.Id == workerId)
                .Select(w => new PlaceAndAttemptsRow(
                    w.RealName,
                    w.CountyCode,
                    db.Members.Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active).Select(m => (Guid?)m.UnionId).FirstOrDefault(),
                    db.Members.Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
                        .Join(db.Unions, m => m.UnionId, u => u.Id, (m, u) => u.Path).FirstOrDefault(),
                    db.Members.Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
                        .Join(db.Unions, m => m.UnionId, u => u.Id, (m, u) => u.PrefectureCode).FirstOrDefault(),
                    db.QuizAttempts.Count(a => a.CampaignId == campaignId && a.WorkerId == workerId),
                    db.QuizAttempts.Count(a => a.CampaignId == campaignId && a.WorkerId == workerId && a.ChinaDay == today),
                    db.QuizAttempts.Where(a => a.CampaignId == campaignId && a.WorkerId == workerId && a.Status == AttemptStatus.InProgress && a.Deadline >= openDeadlineFrom)
                        .Select(a => (Guid?)a.Id).FirstOrDefault()))
                .Single());

    /// <summary>An attempt started just before the campaign closes ends with it.</summary>
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
