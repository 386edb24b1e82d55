using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>
/// An officer approves, rejects or returns an application. Each decision, its audit record and the worker's notification
/// are one transaction; the application's version makes sure that of two officers acting at once exactly one wins.
/// </summary>
public static class DecideApplication
{
    public sealed record ApproveRequest(string? Comment);

    public sealed record ReasonRequest(string Reason);

    public sealed record Decision(Guid Id, ApplicationStatus Status, string StatusText, string? MembershipNumber);

    public sealed class ApproveValidator : AbstractValidator<ApproveRequest>
    {
        public ApproveValidator() => RuleFor(r => r.Comment).MaximumLength(200).WithName("审核意见");
    }

    public sealed class ReasonValidator : AbstractValidator<ReasonRequest>
    {
        public ReasonValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(200).WithName("原因");
    }

    public static async Task<Ok<Decision>> Approve(
        Guid id, ApproveRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ApproveAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Ok<Decision>> Reject(
        Guid id, ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await RejectAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Ok<Decision>> Return(
        Guid id, ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ReturnAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    /// <summary>What became of one application of a batch: <paramref name="Refusal"/> is null when it was approved.</summary>
    public sealed record BatchOutcome(Guid Id, string? ApplicantName, string? Refusal);

    /// <summary>
    /// Approves each application in its own unit of work (a scope of its own): one that is refused leaves the others done and
    /// nothing half-written. A refused one outside the officer's subtree has no name.
    /// </summary>
    public static async Task<IReadOnlyList<BatchOutcome>> ApproveEachAsync(
        IReadOnlyList<Guid> ids, ApproveRequest request, OfficerContext officer, IServiceScopeFactory scopes, TimeProvider time, CancellationToken ct)
    {
        var outcomes = new List<BatchOutcome>();
        foreach (var id in ids)
        {
            await using var unit = scopes.CreateAsyncScope();
            var db = unit.ServiceProvider.GetRequiredService<AppDbContext>();
            var scope = unit.ServiceProvider.GetRequiredService<OfficerScope>();
            try
            {
                await ApproveAsync(id, request, officer, db, scope, time, ct);
                outcomes.Add(new BatchOutcome(id, null, null));
            }
            catch (DomainException e)
            {
                db.ChangeTracker.Clear();
                var name = await db.MembershipApplications.Where(a => a.Id == id && scope.UnionsWithin(officer).Any(u => u.Id == a.UnionId))
                    .Select(a => a.ApplicantName).SingleOrDefaultAsync(ct);
                outcomes.Add(new BatchOutcome(id, name, e.Message));
            }
        }

        return outcomes;
    }

    /// <summary>Approves and issues the membership number; the API endpoint and the web console both call this.</summary>
    public static async Task<Decision> ApproveAsync(
        Guid id, ApproveRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (application, union) = await OfficerApplications.FindInScopeAsync(db, scope, officer, id, ct);
        if (application.Status != ApplicationStatus.Submitted)
        {
            throw AlreadyDecided(application);
        }

        // The applicant is on the register already, imported and unclaimed, in this officer's branch: approving links that
        // membership (its number and join date stay) rather than making a second one. The officer saw the match on the detail.
        var imported = await db.Members.SingleOrDefaultAsync(m => m.Status == MembershipStatus.Active && m.IdNumberHash == application.IdNumberHash && m.WorkerId == null, ct);
        if (imported is not null && await scope.UnionsWithin(officer).Where(u => u.Id == imported.UnionId).Select(u => u.Name).SingleOrDefaultAsync(ct) is { } importedUnion)
        {
            return await LinkImportedAsync(application, union.Id, imported, importedUnion, request, officer, db, time, ct);
        }

        await MembershipGuards.RequireNotMemberAsync(db, application.WorkerId, application.IdNumberHash, application.PhoneHash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The decision is saved first, so a second officer fails on the version check before any number is taken.
        var memberId = Guid.CreateVersion7();
        application.Approve(officer.OfficerId, memberId, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, "membership.application.approved",
            nameof(ApplicationStatus.Submitted), nameof(ApplicationStatus.Approved), request.Comment, union.Id);
        await SaveDecisionAsync(db, application, ct);

        var (numberingUnion, sequence) = await MemberNumbering.TakeNextAsync(db, union.Id, ct);
        var member = Member.Create(memberId, application.WorkerId, numberingUnion, ChinaTime.DateOf(now), sequence, application.IdNumberHash, application.PhoneHash, now);
        db.Members.Add(member);
        ApplyForMembership.NotifyWorker(db, now, application, union.Name, "membership.approved", "入会申请已通过",
            $"恭喜您成为“{union.Name}”会员，会员号 {member.Number}。可在“我的会员卡”中查看电子会员卡。");
        await SaveDecisionAsync(db, application, ct);
        await transaction.CommitAsync(ct);
        return new Decision(application.Id, application.Status, StatusNames.Of(application.Status), member.Number);
    }

    private static async Task<Decision> LinkImportedAsync(
        MembershipApplication application, Guid applicationUnionId, Member imported, string importedUnion, ApproveRequest request, OfficerContext officer,
        AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Members.AnyAsync(m => m.Status == MembershipStatus.Active && m.WorkerId == application.WorkerId, ct))
        {
            throw DomainException.Conflict("membership.already_member", "申请人已经是工会会员");
        }

        var now = time.GetUtcNow().UtcDateTime;
        application.Approve(officer.OfficerId, imported.Id, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, "membership.application.approved",
            nameof(ApplicationStatus.Submitted), nameof(ApplicationStatus.Approved), request.Comment ?? $"认领存量会籍 {imported.Number}", applicationUnionId);
        MembershipLinks.Link(db, imported, application.WorkerId, application.PhoneHash, importedUnion, AuditTrail.Officer, officer.OfficerId, now);
        await SaveDecisionAsync(db, application, ct);
        return new Decision(application.Id, application.Status, StatusNames.Of(application.Status), imported.Number);
    }

    public static Task<Decision> RejectAsync(
        Guid id, ReasonRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        DecideAsync(id, request.Reason, officer, db, scope, time, ct, (a, officerId, now) => a.Reject(officerId, request.Reason, now),
            "membership.application.rejected", "membership.rejected", "入会申请未通过", union => $"您向“{union}”提交的入会申请未通过，原因：{request.Reason}");

    public static Task<Decision> ReturnAsync(
        Guid id, ReasonRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        DecideAsync(id, request.Reason, officer, db, scope, time, ct, (a, officerId, now) => a.Return(officerId, request.Reason, now),
            "membership.application.returned", "membership.returned", "入会申请需要修改", union => $"“{union}”退回了您的入会申请，请按意见修改后重新提交：{request.Reason}");

    private static async Task<Decision> DecideAsync(
        Guid id, string reason, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct,
        Action<MembershipApplication, Guid, DateTime> decide, string auditAction, string notificationKind, string title, Func<string, string> body)
    {
        var (application, union) = await OfficerApplications.FindInScopeAsync(db, scope, officer, id, ct);
        if (application.Status != ApplicationStatus.Submitted)
        {
            throw AlreadyDecided(application);
        }

        var now = time.GetUtcNow().UtcDateTime;
        decide(application, officer.OfficerId, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, auditAction,
            nameof(ApplicationStatus.Submitted), application.Status.ToString(), reason, union.Id);
        ApplyForMembership.NotifyWorker(db, now, application, union.Name, notificationKind, title, body(union.Name));
        await SaveDecisionAsync(db, application, ct);
        return new Decision(application.Id, application.Status, StatusNames.Of(application.Status), null);
    }

    private static async Task SaveDecisionAsync(AppDbContext db, MembershipApplication application, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("membership.already_decided", "该申请刚刚已由其他工作人员处理，请刷新后查看");
        }
        catch (DbUpdateException) when (application.Status == ApplicationStatus.Approved)
        {
            // A unique index on active members fired: the same person became a member through another application meanwhile.
            throw DomainException.Conflict("membership.already_member", "申请人已是工会会员，不能重复入会");
        }
    }

    private static DomainException AlreadyDecided(MembershipApplication application) =>
        DomainException.Conflict("membership.already_decided", $"该申请当前状态为“{StatusNames.Of(application.Status)}”，不能再审核");
}
