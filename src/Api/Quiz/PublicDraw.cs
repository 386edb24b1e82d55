using System.Text.Json;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// The published record of a campaign's prize draw, for anyone logged in to re-check: the seed's hash (from publication),
/// the seed (once closed), the eligible entry ids and the winners. <c>python3 tests/quiz/verify-draw.py</c> recomputes it.
/// </summary>
public static class PublicDraw
{
    public sealed record Winner(int Rank, string EntryId, string Name, string? UnionName);

    public sealed record View(
        Guid CampaignId, string Title, string Algorithm, PrizeKind PrizeKind, int PrizeCount, string? PrizeName, DateTime EndsAt, string? SeedHash,
        string? Seed, DateTime? DrawnAt, IReadOnlyList<string> Eligible, int ExcludedCount, IReadOnlyList<Winner> Winners);

    public static async Task<Ok<View>> Handle(Guid id, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await GetAsync(id, db, protector, time, ct));

    public static async Task<View> GetAsync(Guid id, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var campaign = await db.QuizCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.Status == CampaignStatus.Published, ct)
            ?? throw DomainException.NotFound("quiz.campaign_not_found", "未找到该竞答活动");
        return await ViewAsync(db, campaign, protector, time.GetUtcNow().UtcDateTime, ct);
    }

    internal static async Task<View> ViewAsync(AppDbContext db, QuizCampaign campaign, FieldProtector protector, DateTime now, CancellationToken ct)
    {
        var winners = await db.QuizPrizeWinners.AsNoTracking().Where(w => w.CampaignId == campaign.Id).OrderBy(w => w.Rank)
            .Select(w => new
            {
                w.Rank,
                w.AttemptId,
                w.DisplayName,
                UnionName = db.QuizCampaignEntries.Where(e => e.CampaignId == w.CampaignId && e.WorkerId == w.WorkerId)
                    .Select(e => db.Unions.Where(u => u.Id == e.UnionId).Select(u => u.Name).FirstOrDefault()).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new View(
            campaign.Id, campaign.Title, PrizeDraw.Algorithm, campaign.PrizeKind, campaign.PrizeCount, campaign.PrizeName, campaign.EndsAt, campaign.SeedHash,
            OfficerCampaigns.RevealedSeed(campaign, protector, now), campaign.DrawnAt,
            campaign.DrawEligibleJson is { } eligible ? JsonSerializer.Deserialize<List<string>>(eligible) ?? [] : [], campaign.DrawExcludedCount,
            [.. winners.Select(w => new Winner(w.Rank, PrizeDraw.EntryId(w.AttemptId), w.DisplayName, w.UnionName))]);
    }
}
