using System.Text.Json;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Quiz;

/// <summary>
/// After the campaign has closed, the organiser draws the prizes: the eligible entries (perfect scores, or the ranking for
/// top N) without accounts WeChat ranks high-risk, then the published algorithm from the revealed seed. Winners, the
/// eligible list, the audit record and the winners' notifications are saved together, once.
/// </summary>
public static class DrawPrizes
{
    public static async Task<Ok<PublicDraw.View>> Handle(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, PrizeDrawer drawer, FieldProtector protector, IOptions<QuizOptions> options,
        TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await DrawAsync(id, await scope.ForAsync(http.User, ct), db, drawer, protector, options, time, ct));

    public static async Task<PublicDraw.View> DrawAsync(
        Guid id, OfficerContext officer, AppDbContext db, PrizeDrawer drawer, FieldProtector protector, IOptions<QuizOptions> options, TimeProvider time,
        CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct);
        var now = QuizClock.Now(time);
        if (campaign.PrizeKind == PrizeKind.None)
        {
            throw new DomainException("quiz.draw.no_prizes", "该竞答没有设置奖品");
        }

        // Late answers within the grace still count, so the draw waits for them.
        if (campaign.Status != CampaignStatus.Published || now < campaign.EndsAt.AddSeconds(options.Value.SubmitGraceSeconds))
        {
            throw new DomainException("quiz.draw.not_closed", "竞答结束后才能开奖");
        }

        if (campaign.DrawnAt is not null)
        {
            throw DomainException.Conflict("quiz.draw.already_done", "该竞答已经开过奖");
        }

        var outcome = await drawer.DecideAsync(campaign, protector.Unprotect(campaign.SeedCipher!), ct);
        var winners = outcome.Winners.Select((entry, i) => new QuizPrizeWinner
        {
            Id = Guid.CreateVersion7(), CampaignId = campaign.Id, Rank = i + 1, WorkerId = entry.WorkerId, AttemptId = entry.AttemptId,
            DisplayName = entry.DisplayName, CreatedAt = now,
        }).ToList();
        db.QuizPrizeWinners.AddRange(winners);
        campaign.DrawnAt = now;
        campaign.DrawEligibleJson = JsonSerializer.Serialize(outcome.Eligible);
        campaign.DrawExcludedCount = outcome.ExcludedCount;
        foreach (var winner in winners)
        {
            QuizReminders.NotifyWinner(db, campaign, winner, now);
        }

        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizCampaign), campaign.Id, "quiz.campaign.drawn", to: $"{winners.Count} winners",
            reason: $"符合条件 {outcome.Eligible.Count} 人，高风险账号排除 {outcome.ExcludedCount} 人", unionId: campaign.OrganizerUnionId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("quiz.draw.already_done", "该竞答已经开过奖");
        }

        return await PublicDraw.ViewAsync(db, campaign, protector, now, ct);
    }
}
