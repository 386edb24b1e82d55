using System.Text.Json;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// An officer prepares a campaign for their union (a draft): window, audience (a union subtree inside their own and/or
/// regions inside their area), attempts, scoring and prizes. A draft can be changed until it is published.
/// </summary>
public static class SaveCampaign
{
    public sealed record Request(
        string? Title, string? Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid? AudienceUnionId, IReadOnlyList<string>? AudienceRegions,
        int QuestionsPerAttempt = 10, int TimeLimitSeconds = 600, int AttemptsPerDay = 3, int AttemptsTotal = 30, ScoringRule Scoring = ScoringRule.Best,
        Dictionary<string, int>? ChapterQuotas = null, PrizeKind PrizeKind = PrizeKind.None, int PrizeCount = 0, string? PrizeName = null, int? Version = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Title).NotEmpty().Length(2, 50).WithName("活动名称");
            RuleFor(r => r.Description).MaximumLength(500).WithName("活动说明");
            RuleFor(r => r.EndsAt).GreaterThan(r => r.StartsAt).WithMessage("结束时间应晚于开始时间").WithName("结束时间");
            RuleFor(r => r.EndsAt).GreaterThan(_ => time.GetUtcNow()).WithMessage("结束时间已过").WithName("结束时间");
            RuleFor(r => r.EndsAt).Must((r, end) => end - r.StartsAt <= TimeSpan.FromDays(QuizCampaign.MaxWindowDays))
                .WithMessage($"活动时长不能超过 {QuizCampaign.MaxWindowDays} 天").WithName("结束时间");
            RuleFor(r => r).Must(r => r.AudienceUnionId is not null || r.AudienceRegions is { Count: > 0 })
                .WithMessage("请选择参与范围：工会或地区").OverridePropertyName("audienceUnionId");
            RuleForEach(r => r.AudienceRegions).Matches(@"^53(\d{2}|\d{4})$").WithMessage("地区代码应为云南的州市（4 位）或县区（6 位）代码").OverridePropertyName("audienceRegions");
            RuleFor(r => r.AudienceRegions).Must(r => r is null || r.Count <= 50).WithName("参与地区");
            RuleFor(r => r.QuestionsPerAttempt).InclusiveBetween(1, 50).WithName("每次题数");
            RuleFor(r => r.TimeLimitSeconds).InclusiveBetween(30, QuizCampaign.MaxTimeLimitSeconds).WithName("答题时限（秒）");
            RuleFor(r => r.AttemptsPerDay).InclusiveBetween(1, 20).WithName("每日次数");
            RuleFor(r => r.AttemptsTotal).InclusiveBetween(1, 1000).GreaterThanOrEqualTo(r => r.AttemptsPerDay)
                .WithMessage("总次数不能少于每日次数").WithName("总次数");
            RuleFor(r => r.Scoring).IsInEnum().WithName("计分方式");
            RuleFor(r => r.ChapterQuotas).Must(q => q is null || (q.Count <= 20 && q.All(p => p.Key.Length is > 0 and <= 50 && p.Value > 0)))
                .WithMessage("每个章节的题数应大于 0").WithName("章节题数");
            RuleFor(r => r).Must(r => r.ChapterQuotas is null || r.ChapterQuotas.Values.Sum() <= r.QuestionsPerAttempt)
                .WithMessage("各章节题数之和不能超过每次题数").OverridePropertyName("chapterQuotas");
            RuleFor(r => r.PrizeKind).IsInEnum().WithName("奖励方式");
            RuleFor(r => r.PrizeCount).InclusiveBetween(1, 1000).When(r => r.PrizeKind != PrizeKind.None).WithName("获奖名额");
            RuleFor(r => r.PrizeName).MaximumLength(30).WithName("奖品名称");
        }
    }

    public static async Task<Created<OfficerCampaigns.View>> Create(
        Request request, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var created = await CreateAsync(request, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct);
        return TypedResults.Created($"/api/officer/quiz/campaigns/{created.Id}", created);
    }

    public static async Task<OfficerCampaigns.View> CreateAsync(
        Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var campaign = new QuizCampaign
        {
            Id = Guid.CreateVersion7(), Title = "", OrganizerUnionId = officer.UnionId, CreatedByOfficerId = officer.OfficerId, CreatedAt = now,
            Status = CampaignStatus.Draft,
        };
        await ApplyAsync(campaign, request, db, scope, officer, ct);
        db.QuizCampaigns.Add(campaign);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizCampaign), campaign.Id, "quiz.campaign.created", to: nameof(CampaignStatus.Draft),
            unionId: officer.UnionId);
        await db.SaveChangesAsync(ct);
        return await OfficerCampaigns.ViewAsync(db, campaign, protector, now, ct);
    }

    public static async Task<Ok<OfficerCampaigns.View>> Update(
        Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await UpdateAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, protector, time, ct));

    public static async Task<OfficerCampaigns.View> UpdateAsync(
        Guid id, Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct);
        if (campaign.Status != CampaignStatus.Draft)
        {
            throw DomainException.Conflict("quiz.campaign.published", "已发布的竞答不能再修改");
        }

        if (request.Version is { } expected && expected != campaign.Version)
        {
            throw Changed();
        }

        var now = time.GetUtcNow().UtcDateTime;
        await ApplyAsync(campaign, request, db, scope, officer, ct);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(QuizCampaign), campaign.Id, "quiz.campaign.updated", unionId: campaign.OrganizerUnionId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Changed();
        }

        return await OfficerCampaigns.ViewAsync(db, campaign, protector, now, ct);
    }

    private static async Task ApplyAsync(QuizCampaign campaign, Request request, AppDbContext db, OfficerScope scope, OfficerContext officer, CancellationToken ct)
    {
        Union? audience = null;
        if (request.AudienceUnionId is { } audienceId)
        {
            audience = await scope.UnionsWithin(officer).AsNoTracking().SingleOrDefaultAsync(u => u.Id == audienceId, ct)
                ?? throw new DomainException("quiz.campaign.audience_out_of_scope", "参与工会不在您的管辖范围内");
        }

        var regions = (request.AudienceRegions ?? []).Distinct().ToList();
        if (regions.Count > 0)
        {
            var own = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
            var prefix = QuizScope.RegionPrefix(own);
            if (regions.FirstOrDefault(r => !r.StartsWith(prefix, StringComparison.Ordinal)) is { } outside)
            {
                throw new DomainException("quiz.campaign.audience_out_of_scope", $"地区 {outside} 不在您的管辖范围内");
            }
        }

        campaign.Title = request.Title!.Trim();
        campaign.Description = request.Description?.Trim();
        campaign.StartsAt = request.StartsAt.UtcDateTime;
        campaign.EndsAt = request.EndsAt.UtcDateTime;
        campaign.AudienceUnionId = audience?.Id;
        campaign.AudienceUnionPath = audience?.Path;
        campaign.AudienceRegions = regions.Count == 0 ? null : string.Join(',', regions);
        campaign.QuestionsPerAttempt = request.QuestionsPerAttempt;
        campaign.TimeLimitSeconds = request.TimeLimitSeconds;
        campaign.AttemptsPerDay = request.AttemptsPerDay;
        campaign.AttemptsTotal = request.AttemptsTotal;
        campaign.Scoring = request.Scoring;
        campaign.ChapterQuotasJson = request.ChapterQuotas is { Count: > 0 } quotas ? JsonSerializer.Serialize(quotas) : null;
        campaign.PrizeKind = request.PrizeKind;
        campaign.PrizeCount = request.PrizeKind == PrizeKind.None ? 0 : request.PrizeCount;
        campaign.PrizeName = request.PrizeName?.Trim();
    }

    private static DomainException Changed() => DomainException.Conflict("quiz.campaign.changed", "该竞答刚刚已被他人修改，请刷新后再编辑");
}
