using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// Closes a union (撤销, or 合并 into another) once nothing would be left behind (<see cref="UnionTreeRules.EnsureCanClose"/>):
/// no open child unions, no subsidy application waiting for its review, and its members moved. In one transaction, each
/// active member moves to the receiving union with a new member number from it and an approved <see cref="MembershipTransfer"/>
/// the worker sees (timeline, inbox); open join applications move there too (or, with no receiving union, are returned
/// for the worker to choose another union); transfers asked into it are refused with the reason; its officers are disabled
/// and signed out. The union keeps its row and path (status, closed-at, merged-into), so its history stays readable; it
/// leaves the search, the pickers and the tree.
/// </summary>
public static class CloseUnion
{
    public sealed record Request(UnionClosure Closure, string Reason, Guid? ReceivingUnionId = null);

    public sealed record Result(
        BrowseUnions.Detail Union, int MembersTransferred, int ApplicationsMoved, int ApplicationsReturned, int TransfersRefused, int OfficersDisabled);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Closure).IsInEnum().WithName("撤销方式");
            RuleFor(r => r.Reason).Must(r => r.Trim().Length > 0).WithMessage("请填写撤销或合并的原因（如上级批复文号）").MaximumLength(200).WithName("原因");
            RuleFor(r => r.ReceivingUnionId).NotEmpty().When(r => r.Closure == UnionClosure.Merged)
                .WithMessage("合并时请选择并入的工会").WithName("接收工会");
        }
    }

    public static async Task<Ok<Result>> Handle(Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        return TypedResults.Ok(await CloseAsync(id, request, officer, db, time, ct));
    }

    public static async Task<Result> CloseAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await UnionTreeLock.AcquireAsync(db, ct);
        var officerUnion = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        var closing = await db.Unions.SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw UnionTreeRules.NotFound();
        if (!officerUnion.Contains(closing))
        {
            throw UnionTreeRules.NotFound();
        }

        var receiving = request.ReceivingUnionId is { } receivingId
            ? await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == receivingId, ct)
              ?? throw Domain.Common.DomainException.NotFound("organizations.union.receiver_not_found", "所选接收工会不存在，或不在您的管辖范围内")
            : null;
        var openChildren = await db.Unions.CountAsync(u => u.ParentId == id && u.ClosedAt == null, ct);
        var members = await db.Members.Where(m => m.UnionId == id && m.Status == MembershipStatus.Active).OrderBy(m => m.Number).ToListAsync(ct);
        var applications = await db.MembershipApplications
            .Where(a => a.UnionId == id && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.Returned)).ToListAsync(ct);
        var subsidyReviews = await db.SubsidyApplications.CountAsync(
            a => a.CurrentReviewUnionId == id && (a.Status == SubsidyStatus.UnderReview || a.Status == SubsidyStatus.Returned), ct);
        UnionTreeRules.EnsureCanClose(officerUnion, closing, openChildren, members.Count, applications.Count, subsidyReviews, receiving);

        var now = time.GetUtcNow().UtcDateTime;
        var reason = request.Reason.Trim();
        var closureText = UnionTreeRules.ClosureText(request.Closure);
        if (members.Count > 0)
        {
            var (numbering, first) = await MemberNumbering.TakeBlockAsync(db, receiving!.Id, members.Count, ct);
            var transferReason = UnionTreeRules.TransferReason(request.Closure, closing, receiving);
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                var fromNumber = member.Number;
                member.MoveTo(numbering, first + i);
                if (member.WorkerId is not { } workerId)
                {
                    // An imported member nobody has claimed yet has no worker to hold a transfer or read a message: the move is
                    // recorded against the register entry, and the claim later finds it in the receiving union.
                    db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Member), member.Id, "membership.member.union_closed",
                        fromNumber, member.Number, transferReason, receiving.Id);
                    continue;
                }

                var transfer = new MembershipTransfer
                {
                    Id = Guid.CreateVersion7(), MemberId = member.Id, WorkerId = workerId, FromUnionId = closing.Id, ToUnionId = receiving.Id,
                    Reason = transferReason, RequestedAt = now, FromNumber = fromNumber,
                };
                transfer.Approve(officer.OfficerId, member.Number, now);
                db.MembershipTransfers.Add(transfer);
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.union_closed",
                    fromNumber, member.Number, transferReason, receiving.Id);
                RequestTransfer.NotifyWorker(db, now, transfer, "membership.transfer_approved", $"会籍已转入“{receiving.Name}”",
                    $"因“{closing.Name}”{closureText}，您的会籍已转入“{receiving.Name}”，新会员号 {member.Number}，入会日期保持不变。");
            }
        }

        var (moved, returned) = (0, 0);
        foreach (var application in applications)
        {
            if (receiving is not null)
            {
                application.UnionId = receiving.Id;
                if (!receiving.Serves(application.Channel))
                {
                    application.Channel = receiving.Serves(JoinChannel.EmployerUnion) ? JoinChannel.EmployerUnion : JoinChannel.RegionalUnion;
                }

                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, "membership.application.union_moved",
                    closing.Name, receiving.Name, $"“{closing.Name}”{closureText}，申请转至“{receiving.Name}”办理", receiving.Id);
                ApplyForMembership.NotifyWorker(db, now, application, receiving.Name, "membership.union_moved", "入会申请已转至新工会办理",
                    $"因“{closing.Name}”{closureText}，您的入会申请已转至“{receiving.Name}”办理，无需重新提交。");
                moved++;
            }
            else if (application.Status == ApplicationStatus.Submitted)
            {
                var text = $"“{closing.Name}”已撤销，请重新选择工会后提交";
                application.Return(officer.OfficerId, text, now);
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, "membership.application.returned",
                    nameof(ApplicationStatus.Submitted), nameof(ApplicationStatus.Returned), text, closing.Id);
                ApplyForMembership.NotifyWorker(db, now, application, closing.Name, "membership.returned", "入会申请需要修改",
                    $"您申请加入的“{closing.Name}”已撤销，请重新选择工会后再提交申请。");
                returned++;
            }
            else
            {
                // Already with the worker for correction: told that the union is gone, so the resubmission names another.
                db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipApplication), application.Id, "membership.application.union_closed",
                    reason: $"“{closing.Name}”已撤销，请重新选择工会后提交", unionId: closing.Id);
                ApplyForMembership.NotifyWorker(db, now, application, closing.Name, "membership.union_closed", "所选工会已撤销",
                    $"您申请加入的“{closing.Name}”已撤销，修改申请时请重新选择工会。");
                returned++;
            }
        }

        var incoming = await db.MembershipTransfers.Where(t => t.ToUnionId == id && t.Status == TransferStatus.Pending).ToListAsync(ct);
        foreach (var transfer in incoming)
        {
            var text = $"“{closing.Name}”已{closureText}，不能再接收会籍" + (receiving is null ? "" : $"，可改为申请转入“{receiving.Name}”");
            transfer.Reject(officer.OfficerId, text, now);
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.rejected",
                nameof(TransferStatus.Pending), nameof(TransferStatus.Rejected), text, closing.Id);
            RequestTransfer.NotifyWorker(db, now, transfer, "membership.transfer_rejected", "会籍转移未通过", $"{text}。您的会籍仍保留在原工会。");
        }

        var officers = await db.Officers.Where(o => o.UnionId == id && !o.IsDisabled).ToListAsync(ct);
        foreach (var account in officers)
        {
            account.IsDisabled = true;
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Officer), account.Id, "identity.officer.disabled",
                "Active", "Disabled", $"所属工会“{closing.Name}”已{closureText}", closing.Id);
        }

        var officerIds = officers.Select(o => o.Id).ToList();
        await db.RefreshTokens.Where(t => officerIds.Contains(t.SubjectId) && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);

        closing.ClosedAt = now;
        closing.Closure = request.Closure;
        closing.MergedIntoId = receiving?.Id;
        closing.AcceptsMembers = false;
        var summary = receiving is null ? reason : $"{reason}（会员 {members.Count} 名、入会申请 {moved} 份转入“{receiving.Name}”）";
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), closing.Id, "organizations.union.closed",
            "Active", request.Closure.ToString(), summary, closing.Id);
        if (receiving is not null)
        {
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), receiving.Id, "organizations.union.merged_in",
                to: closing.Name, reason: summary, unionId: receiving.Id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Domain.Common.DomainException.Conflict("organizations.union.changed", "处理期间该工会的会员或申请被他人改动，未作任何更改，请刷新后重试");
        }

        await transaction.CommitAsync(ct);
        return new Result(await BrowseUnions.DetailAsync(id, officer, db, ct), members.Count, moved, returned, incoming.Count, officers.Count);
    }
}
