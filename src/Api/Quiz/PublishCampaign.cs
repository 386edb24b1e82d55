using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// Publishes a draft: checks that the question pool can fill every attempt with the chapter quotas, draws the secret
/// seed for the prize draw, stores it encrypted and publishes its SHA-256. From here the settings are frozen.
/// </summary>
public static class PublishCampaign
{
    public static async Task<Ok<OfficerCampaigns.View>> Handle(
        Guid id, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache cache, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await PublishAsync(id, await scope.ForAsync(http.User, ct), db, cache, protector, time, ct));

    public static async Task<OfficerCampaigns.View> PublishAsync(
        Guid id, OfficerContext officer, AppDbContext db, QuizCache cache, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct);
        if (campaign.Status != CampaignStatus.Draft)
        {
            throw DomainException.Conflict("quiz.campaign.already_published", "该竞答已发布");
        }

        cache.QuestionsChanged(); // judge the pool as it is now
        var pool = await cache.PoolAsync(db, campaign.OrganizerUnionId, ct);
        var problems = QuestionPicker.Problems([.. pool.Select(p => p.Question)], campaign.QuestionsPerAttempt, campaign.ChapterQuotas());
        if (problems.Count > 0)
        {
            throw new DomainException("quiz.campaign.pool_too_small", string.Join("；", problems));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var seed = PrizeDraw.NewSeed();
        campaign.Publish(PrizeDraw.HashOf(seed), protector.Protect(seed), now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizCampaign), campaign.Id, "quiz.campaign.published",
            nameof(CampaignStatus.Draft), nameof(CampaignStatus.Published), $"seed sha256 {campaign.SeedHash}", campaign.OrganizerUnionId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("quiz.campaign.changed", "该竞答刚刚已被他人修改，请刷新后再发布");
        }

        return await OfficerCampaigns.ViewAsync(db, campaign, protector, now, ct);
    }
}
