using Changai.Api.Infrastructure.Security;
using Changai.Api.Quiz;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// Moves a union, with its whole subtree, under another parent of the officer's subtree (<see cref="UnionTreeRules.PlanMove"/>):
/// one transaction rewrites the path and depth of the union and of every descendant by prefix (one UPDATE however large the
/// subtree), its parent and — when a new region is given — the region and prefecture of the union and of the descendants
/// that shared its old region, and the quiz audiences stored as paths. Everything else keeps its union id (members, applications, officers, courses, programmes), so their scope follows
/// at once: the officers above the new place see the subtree's open applications on their next request, those above the
/// old place no longer do. Audited under the union (its new branch sees it) and under the old parent (the old branch sees
/// it leave).
/// </summary>
public static class MoveUnion
{
    public sealed record Request(Guid NewParentId, string? RegionCode = null, string? Reason = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.NewParentId).NotEmpty().WithMessage("请选择新的上级工会").WithName("新的上级工会");
            RuleFor(r => r.RegionCode).Custom((region, context) =>
            {
                if (!string.IsNullOrWhiteSpace(region) && UnionSheet.RegionProblem(region.Trim()) is { } problem)
                {
                    context.AddFailure("regionCode", "行政区划代码：" + problem);
                }
            });
            RuleFor(r => r.Reason).MaximumLength(200).WithName("调整原因");
        }
    }

    public static async Task<Ok<BrowseUnions.Detail>> Handle(
        Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, QuizCache quiz, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        await MoveAsync(id, request, officer, db, quiz, time, ct);
        return TypedResults.Ok(await BrowseUnions.DetailAsync(id, officer, db, ct));
    }

    public static async Task MoveAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, QuizCache quiz, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await UnionTreeLock.AcquireAsync(db, ct);
        // Read under the lock: no other move can change these paths until this one commits.
        var officerUnion = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        var moving = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw UnionTreeRules.NotFound();
        if (!officerUnion.Contains(moving))
        {
            throw UnionTreeRules.NotFound();
        }

        var newParent = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.NewParentId, ct)
            ?? throw DomainException.NotFound("organizations.union.parent_not_found", "所选上级工会不存在，或不在您的管辖范围内");
        var plan = UnionTreeRules.PlanMove(officerUnion, moving, newParent, string.IsNullOrWhiteSpace(request.RegionCode) ? null : request.RegionCode.Trim());
        if (plan.RegionChanged)
        {
            // Descendants sharing the old region follow it (plan.DescendantRegion); any other must already lie inside the new one.
            var prefix = Union.RegionPrefix(plan.RegionCode);
            var outside = await db.Unions.CountAsync(
                u => u.Path.StartsWith(plan.OldPath) && u.Id != moving.Id && u.RegionCode != plan.OldRegionCode && !u.RegionCode.StartsWith(prefix), ct);
            if (outside > 0)
            {
                throw new DomainException("organizations.union.descendant_region",
                    $"“{moving.Name}”有 {outside} 个下级工会的行政区划不在 {plan.RegionCode} 内，不能改为该行政区划");
            }
        }

        await CreateUnion.EnsureNameFreeAsync(db, newParent.Id, moving.Name, moving.Id, ct);
        var oldParent = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == moving.ParentId, ct);

        var (oldPath, newPath, delta) = (plan.OldPath, plan.NewPath, plan.DepthDelta);
        var start = oldPath.Length;
        var moved = await db.Unions.Where(u => u.Path.StartsWith(oldPath)).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Path, u => newPath + u.Path.Substring(start))
            .SetProperty(u => u.Depth, u => u.Depth + delta), ct);
        await db.Unions.Where(u => u.Id == moving.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ParentId, newParent.Id), ct);
        if (plan.RegionChanged)
        {
            await db.Unions.Where(u => u.Path.StartsWith(newPath) && u.RegionCode == plan.OldRegionCode).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.RegionCode, plan.RegionCode)
                .SetProperty(u => u.PrefectureCode, plan.PrefectureCode), ct);
        }

        // A quiz campaign keeps its audience as a path: it follows the union it names.
        await db.QuizCampaigns.Where(c => c.AudienceUnionPath != null && c.AudienceUnionPath.StartsWith(oldPath)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.AudienceUnionPath, c => newPath + c.AudienceUnionPath!.Substring(start)), ct);

        var now = time.GetUtcNow().UtcDateTime;
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var before = $"上级：{oldParent.Name}（{oldPath}）" + (plan.RegionChanged ? $"，行政区划 {moving.RegionCode}" : "");
        var after = $"上级：{newParent.Name}（{newPath}）" + (plan.RegionChanged ? $"，行政区划 {plan.RegionCode}" : "") + $"，含下级共 {moved} 个工会";
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), moving.Id, "organizations.union.moved", before, after, reason, moving.Id);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), moving.Id, "organizations.union.moved_out", before, after, reason, oldParent.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        quiz.TreeChanged();
    }
}
