using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>The campaigns a worker may take part in (their union's subtree or their region), with their own progress.</summary>
public static class WorkerCampaigns
{
    public sealed record Prize(PrizeKind Kind, int Count, string? Name, string Text);

    public sealed record MyAttempt(Guid Id, int Sequence, AttemptStatus Status, int? Score, DateTime StartedAt, DateTime? SubmittedAt, bool Ranked);

    public sealed record Progress(
        int AttemptsToday, int AttemptsUsed, int AttemptsLeftToday, int AttemptsLeft, int? CountedScore, int? Rank, Guid? InProgressAttemptId, bool Won,
        IReadOnlyList<MyAttempt> Attempts);

    public sealed record Summary(
        Guid Id, string Title, string? Description, string OrganizerName, DateTime StartsAt, DateTime EndsAt, CampaignPhase Phase, string PhaseText,
        int QuestionsPerAttempt, int TimeLimitSeconds, int AttemptsPerDay, int AttemptsTotal, ScoringRule Scoring, Prize Prize, string? SeedHash,
        string? Seed, DateTime? DrawnAt, bool IsDemo, Progress Me);

    public static async Task<Ok<IReadOnlyList<Summary>>> List(HttpContext http, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var place = await QuizScope.WorkerPlaceAsync(db, http.User.UserId(), ct);
        var since = now.AddDays(-30);
        var campaigns = (await db.QuizCampaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Published && c.EndsAt > since)
                .OrderByDescending(c => c.StartsAt).Take(100).ToListAsync(ct))
            .Where(c => c.Includes(place.UnionPath, place.CountyCode)).ToList();
        var summaries = new List<Summary>();
        foreach (var campaign in campaigns)
        {
            summaries.Add(await SummaryAsync(db, campaign, place.WorkerId, protector, now, ct));
        }

        return TypedResults.Ok<IReadOnlyList<Summary>>(summaries);
    }

    public static async Task<Ok<Summary>> Get(Guid id, HttpContext http, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var place = await QuizScope.WorkerPlaceAsync(db, http.User.UserId(), ct);
        var campaign = await VisibleAsync(db, id, place, ct);
        return TypedResults.Ok(await SummaryAsync(db, campaign, place.WorkerId, protector, time.GetUtcNow().UtcDateTime, ct));
    }

    /// <summary>A published campaign whose audience includes the worker; 404 otherwise (existence is not disclosed).</summary>
    internal static async Task<QuizCampaign> VisibleAsync(AppDbContext db, Guid id, WorkerPlace place, CancellationToken ct)
    {
        var campaign = await db.QuizCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.Status == CampaignStatus.Published, ct);
        return campaign is not null && campaign.Includes(place.UnionPath, place.CountyCode) ? campaign : throw NotVisible();
    }

    internal static DomainException NotVisible() => DomainException.NotFound("quiz.campaign_not_found", "未找到该竞答活动，或您不在参与范围内");

    private static async Task<Summary> SummaryAsync(AppDbContext db, QuizCampaign campaign, Guid workerId, FieldProtector protector, DateTime now, CancellationToken ct)
    {
        var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.CampaignId == campaign.Id && a.WorkerId == workerId)
            .OrderByDescending(a => a.Sequence).ToListAsync(ct);
        var entry = await db.QuizCampaignEntries.AsNoTracking().SingleOrDefaultAsync(e => e.CampaignId == campaign.Id && e.WorkerId == workerId, ct);
        int? rank = entry is null ? null
            : await db.QuizCampaignEntries.CountAsync(e => e.CampaignId == campaign.Id && e.RankKey > entry.RankKey, ct) + 1;
        var today = ChinaTime.DateOf(now);
        var usedToday = attempts.Count(a => a.ChinaDay == today);
        var phase = campaign.PhaseAt(now);
        var grace = TimeSpan.Zero;
        var won = campaign.DrawnAt is not null && await db.QuizPrizeWinners.AnyAsync(w => w.CampaignId == campaign.Id && w.WorkerId == workerId, ct);
        var organizer = await db.Unions.Where(u => u.Id == campaign.OrganizerUnionId).Select(u => u.Name).SingleAsync(ct);
        return new Summary(
            campaign.Id, campaign.Title, campaign.Description, organizer, campaign.StartsAt, campaign.EndsAt, phase, QuizCampaign.PhaseText(phase),
            campaign.QuestionsPerAttempt, campaign.TimeLimitSeconds, campaign.AttemptsPerDay, campaign.AttemptsTotal, campaign.Scoring,
            new Prize(campaign.PrizeKind, campaign.PrizeCount, campaign.PrizeName, PrizeText(campaign)), campaign.SeedHash,
            OfficerCampaigns.RevealedSeed(campaign, protector, now), campaign.DrawnAt, campaign.IsDemo,
            new Progress(
                usedToday, attempts.Count, Math.Max(0, Math.Min(campaign.AttemptsPerDay - usedToday, campaign.AttemptsTotal - attempts.Count)),
                Math.Max(0, campaign.AttemptsTotal - attempts.Count), entry?.Score, rank,
                attempts.FirstOrDefault(a => a.AcceptsAnswersAt(now, grace))?.Id, won,
                [.. attempts.Select(a => new MyAttempt(a.Id, a.Sequence, a.Status, a.Status == AttemptStatus.Submitted ? a.Score : null, a.StartedAt, a.SubmittedAt,
                    a.Status == AttemptStatus.Submitted && !a.IsFlagged))]));
    }

    private static string PrizeText(QuizCampaign campaign) => campaign.PrizeKind switch
    {
        PrizeKind.TopN => $"排名前 {campaign.PrizeCount} 名获得{campaign.PrizeName ?? "奖品"}",
        PrizeKind.DrawAmongPerfect => $"从满分答卷中公开抽取 {campaign.PrizeCount} 名获得{campaign.PrizeName ?? "奖品"}",
        _ => "无奖品",
    };
}
