using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// An officer decides at their level: approve (on to the next level, or final), reject, or return for correction. Only the
/// union the application currently waits for may decide, never on the officer's own application. The final approval
/// reserves budget and county quota atomically with the decision: parallel approvals can never overspend.
/// </summary>
public static class ReviewApplication
{
    public sealed record ApproveRequest(string? Comment);

    public sealed record ReasonRequest(string Reason);

    public sealed record BatchRequest(IReadOnlyList<Guid> Ids, string? Comment);

    public sealed record Decision(Guid Id, SubsidyStatus Status, string StatusText, string? NextLevelText);

    public sealed record BatchItem(Guid Id, bool Ok, SubsidyStatus? Status, string? Code, string? Message);

    public sealed class ApproveValidator : AbstractValidator<ApproveRequest>
    {
        public ApproveValidator() => RuleFor(r => r.Comment).MaximumLength(200).WithName("审核意见");
    }

    public sealed class ReasonValidator : AbstractValidator<ReasonRequest>
    {
        public ReasonValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(200).WithName("原因");
    }

    public sealed class BatchValidator : AbstractValidator<BatchRequest>
    {
        public BatchValidator()
        {
            RuleFor(r => r.Ids).NotEmpty().Must(ids => ids.Count <= 100).WithMessage("一次最多批量审核 100 份").WithName("申请");
            RuleFor(r => r.Comment).MaximumLength(200).WithName("审核意见");
        }
    }

    public static async Task<Ok<Decision>> Approve(
        Guid id, ApproveRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ApproveAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    /// <summary>The use case; the API endpoint and the web console both call this.</summary>
    public static Task<Decision> ApproveAsync(
        Guid id, ApproveRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        ApproveOneAsync(db, scope, officer, id, request.Comment, time.GetUtcNow().UtcDateTime, ct);

    /// <summary>Each application is decided on its own; one that cannot be approved does not stop the others.</summary>
    public static async Task<Ok<IReadOnlyList<BatchItem>>> ApproveBatch(
        BatchRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var results = new List<BatchItem>();
        foreach (var id in request.Ids.Distinct())
        {
            db.ChangeTracker.Clear();
            try
            {
                var decision = await ApproveOneAsync(db, scope, officer, id, request.Comment, time.GetUtcNow().UtcDateTime, ct);
                results.Add(new BatchItem(id, true, decision.Status, null, null));
            }
            catch (DomainException e)
            {
                results.Add(new BatchItem(id, false, null, e.Code, e.Message));
            }
        }

        return TypedResults.Ok<IReadOnlyList<BatchItem>>(results);
    }

    public static async Task<Ok<Decision>> Reject(
        Guid id, ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await RejectAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Decision> RejectAsync(
        Guid id, ReasonRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (application, union, program) = await AtMyLevelAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var level = application.CurrentChainStep!;
        application.Reject(request.Reason, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.rejected",
            nameof(SubsidyStatus.UnderReview), nameof(SubsidyStatus.Rejected), $"{level.UnionName}：{request.Reason}", union.Id);
        SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Rejected, "补贴申请未通过",
            $"您的“{program.Name}”申请未通过{level.UnionName}审核，原因：{request.Reason}");
        await SaveAsync(db, ct);
        return new Decision(application.Id, application.Status, SubsidyStatusNames.Of(application.Status), null);
    }

    public static async Task<Ok<Decision>> Return(
        Guid id, ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ReturnAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Decision> ReturnAsync(
        Guid id, ReasonRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (application, union, program) = await AtMyLevelAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var level = application.CurrentChainStep!;
        application.Return(request.Reason, now, program.Rules.CorrectionDays);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.returned",
            nameof(SubsidyStatus.UnderReview), nameof(SubsidyStatus.Returned), $"{level.UnionName}：{request.Reason}", union.Id);
        SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Returned, "补贴申请需要补正",
            $"{level.UnionName}退回了您的“{program.Name}”申请，请在{ChinaTime.ToChina(application.CorrectionDueAt!.Value):M月d日}前按意见修改后重新提交：{request.Reason}");
        await SaveAsync(db, ct);
        return new Decision(application.Id, application.Status, SubsidyStatusNames.Of(application.Status), null);
    }

    private static async Task<Decision> ApproveOneAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, string? comment, DateTime now, CancellationToken ct)
    {
        var (application, union, program) = await AtMyLevelAsync(db, scope, officer, id, ct);
        var level = application.CurrentChainStep!;
        if (!application.ApproveLevel(now))
        {
            var next = application.CurrentChainStep!;
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.level_approved",
                level.Level.ToString(), next.Level.ToString(), Join(level.UnionName, comment), union.Id);
            SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.LevelApproved, "补贴申请本级审核通过",
                $"您的“{program.Name}”申请已通过{level.UnionName}审核，现由{next.UnionName}审核。");
            await SaveAsync(db, ct);
            return new Decision(application.Id, application.Status, SubsidyStatusNames.Of(application.Status), $"{next.UnionName}（{SubsidyNames.Of(next.Level)}）");
        }

        if (program.Allocation == AllocationMode.Lottery && program.DrawnAt is null)
        {
            application.ApproveFinally(officer.OfficerId, awaitDraw: true, now);
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.passed_review",
                nameof(SubsidyStatus.UnderReview), nameof(SubsidyStatus.AwaitingDraw), Join(level.UnionName, comment), union.Id);
            SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Approved, "补贴申请终审通过，待抽签",
                $"您的“{program.Name}”申请已通过全部审核。申请人数超过预算时将公开抽签，结果将另行通知。");
            await SaveAsync(db, ct);
            return new Decision(application.Id, application.Status, SubsidyStatusNames.Of(application.Status), null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ReserveAsync(db, program.Id, application.CountyCode, application.AmountFen!.Value, ct);
        application.ApproveFinally(officer.OfficerId, awaitDraw: false, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id, "subsidies.application.approved",
            nameof(SubsidyStatus.UnderReview), nameof(SubsidyStatus.Approved), Join(level.UnionName, comment), union.Id);
        SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Approved, "补贴申请已核准",
            $"您的“{program.Name}”申请已核准，补贴金额 {Money.Format(application.AmountFen.Value)}，将由工会财务发放。");
        await SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        return new Decision(application.Id, application.Status, SubsidyStatusNames.Of(application.Status), null);
    }

    /// <summary>
    /// Takes <paramref name="amountFen"/> from the programme's budget and, when the county has one, its quota — each a single
    /// conditional UPDATE, so the database itself refuses to go over (PostgreSQL re-checks the condition on the row it
    /// waited for; SQLite has one writer). Must run inside the caller's transaction: a refused quota undoes the budget.
    /// </summary>
    internal static async Task ReserveAsync(AppDbContext db, Guid programId, string? countyCode, long amountFen, CancellationToken ct)
    {
        var reserved = await db.SubsidyPrograms.Where(p => p.Id == programId && p.CommittedFen + amountFen <= p.BudgetFen)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CommittedFen, p => p.CommittedFen + amountFen), ct);
        if (reserved == 0)
        {
            throw DomainException.Conflict("subsidies.budget_exhausted", "本项目剩余预算不足，不能再核准；可待追加预算后再审");
        }

        if (countyCode is null || !await db.SubsidyQuotas.AnyAsync(q => q.ProgramId == programId && q.CountyCode == countyCode, ct))
        {
            return;
        }

        reserved = await db.SubsidyQuotas.Where(q => q.ProgramId == programId && q.CountyCode == countyCode && q.CommittedFen + amountFen <= q.QuotaFen)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.CommittedFen, q => q.CommittedFen + amountFen), ct);
        if (reserved == 0)
        {
            throw DomainException.Conflict("subsidies.quota_exhausted", "申请人所在县（市、区）的名额已用完，不能再核准");
        }
    }

    private static async Task<(SubsidyApplication Application, Domain.Organizations.Union Union, SubsidyProgram Program)> AtMyLevelAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var (application, union) = await SubsidyAccess.InScopeAsync(db, scope, officer, id, ct);
        if (!OfficerSubsidyApplications.IsAtLevelOf(application, officer))
        {
            throw DomainException.Conflict("subsidies.not_at_your_level", application.Status == SubsidyStatus.UnderReview
                ? $"该申请当前由{application.CurrentChainStep!.UnionName}审核，不在本级"
                : $"该申请当前状态为“{SubsidyStatusNames.Of(application.Status)}”，不能审核");
        }

        var ownOpenId = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.WeChatOpenId).SingleAsync(ct);
        if (ownOpenId is not null && await db.Workers.AnyAsync(w => w.Id == application.WorkerId && w.OpenId == ownOpenId, ct))
        {
            throw DomainException.Forbidden("subsidies.own_application", "不能审核本人的申请，请由本级其他工作人员或上级处理");
        }

        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        return (application, union, program);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("subsidies.already_decided", "该申请刚刚已由其他工作人员处理，请刷新后查看");
        }
    }

    private static string Join(string unionName, string? comment) => string.IsNullOrWhiteSpace(comment) ? unionName : $"{unionName}：{comment}";
}
