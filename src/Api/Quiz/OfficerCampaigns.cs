using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>Campaigns organised inside the officer's subtree. The seed is shown to nobody, organisers included, before the campaign closes.</summary>
public static class OfficerCampaigns
{
    public sealed record Query(CampaignPhase? Phase, int Page = 1, int PageSize = 20);

    /// <param name="Flagged">异常答卷, counted by <see cref="AttemptTally"/> as on every page, in the figures and their export.</param>
    public sealed record View(
        Guid Id, string Title, string? Description, Guid OrganizerUnionId, string OrganizerName, Guid? AudienceUnionId, string? AudienceUnionName,
        IReadOnlyList<string> AudienceRegions, DateTime StartsAt, DateTime EndsAt, int QuestionsPerAttempt, int TimeLimitSeconds, int AttemptsPerDay,
        int AttemptsTotal, ScoringRule Scoring, IReadOnlyDictionary<string, int> ChapterQuotas, PrizeKind PrizeKind, int PrizeCount, string? PrizeName,
        CampaignStatus Status, CampaignPhase Phase, string PhaseText, string? SeedHash, string? Seed, DateTime? PublishedAt, DateTime? DrawnAt,
        bool IsDemo, int Participants, int Attempts, int Version, int Flagged);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Phase).IsInEnum().WithName("阶段");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<View>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct));

    public static async Task<PagedResult<View>> ListAsync(
        Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var campaigns = db.QuizCampaigns.AsNoTracking().Where(c => scope.UnionsWithin(officer).Any(u => u.Id == c.OrganizerUnionId));
        campaigns = query.Phase switch
        {
            CampaignPhase.Draft => campaigns.Where(c => c.Status == CampaignStatus.Draft),
            CampaignPhase.Upcoming => campaigns.Where(c => c.Status == CampaignStatus.Published && c.StartsAt > now),
            CampaignPhase.Open => campaigns.Where(c => c.Status == CampaignStatus.Published && c.StartsAt <= now && c.EndsAt > now),
            CampaignPhase.Closed => campaigns.Where(c => c.Status == CampaignStatus.Published && c.EndsAt <= now),
            _ => campaigns,
        };
        var total = await campaigns.CountAsync(ct);
        var page = await campaigns.OrderByDescending(c => c.StartsAt).ThenByDescending(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var items = new List<View>();
        foreach (var campaign in page)
        {
            items.Add(await ViewAsync(db, campaign, protector, now, ct));
        }

        return new PagedResult<View>(items, query.Page, query.PageSize, total);
    }

    public static async Task<Ok<View>> Get(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await GetAsync(id, await scope.ForAsync(http.User, ct), db, protector, time, ct));

    public static async Task<View> GetAsync(Guid id, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct, track: false);
        return await ViewAsync(db, campaign, protector, time.GetUtcNow().UtcDateTime, ct);
    }

    internal static async Task<View> ViewAsync(AppDbContext db, QuizCampaign campaign, FieldProtector protector, DateTime now, CancellationToken ct)
    {
        var names = await db.Unions.AsNoTracking().Where(u => u.Id == campaign.OrganizerUnionId || u.Id == campaign.AudienceUnionId)
            .ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var tally = await AttemptTally.OfAsync(db.QuizAttempts.AsNoTracking().Where(a => a.CampaignId == campaign.Id), ct);
        var phase = campaign.PhaseAt(now);
        return new View(
            campaign.Id, campaign.Title, campaign.Description, campaign.OrganizerUnionId, names[campaign.OrganizerUnionId], campaign.AudienceUnionId,
            campaign.AudienceUnionId is { } audience ? names[audience] : null, campaign.Regions(), campaign.StartsAt, campaign.EndsAt,
            campaign.QuestionsPerAttempt, campaign.TimeLimitSeconds, campaign.AttemptsPerDay, campaign.AttemptsTotal, campaign.Scoring, campaign.ChapterQuotas(),
            campaign.PrizeKind, campaign.PrizeCount, campaign.PrizeName, campaign.Status, phase, QuizCampaign.PhaseText(phase), campaign.SeedHash,
            RevealedSeed(campaign, protector, now), campaign.PublishedAt, campaign.DrawnAt, campaign.IsDemo,
            tally.Participants, tally.Started, campaign.Version, tally.Flagged);
    }

    /// <summary>The draw seed, once the campaign has closed; before that nobody sees it.</summary>
    internal static string? RevealedSeed(QuizCampaign campaign, FieldProtector protector, DateTime now) =>
        campaign.SeedCipher is { } cipher && campaign.PhaseAt(now) == CampaignPhase.Closed ? protector.Unprotect(cipher) : null;
}
