using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>
/// 会籍转出 by an officer: a member of the officer's subtree is moved to any union of the province that takes members (the
/// destination may lie outside the officer's branch). The same transfer rule as the member's own request
/// (<see cref="RequestTransfer.DestinationAsync"/>) and the same completion as an approved one
/// (<see cref="RequestTransfer.CompleteAsync"/>): a new number of the receiving union, the join date kept. The transfer is
/// recorded as done by the officer, audited, and the member is told through the outbox.
/// </summary>
public static class TransferOut
{
    public sealed record Request(Guid ToUnionId, string Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ToUnionId).NotEmpty().WithName("转入工会");
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(200).WithName("转出原因");
        }
    }

    public static async Task<Ok<RequestTransfer.Item>> Handle(
        Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await TransferAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    /// <summary>The use case; the API endpoint and the console's member page both call this.</summary>
    public static async Task<RequestTransfer.Item> TransferAsync(
        Guid memberId, Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && unionIds.Contains(m.UnionId), ct)
            ?? throw DomainException.NotFound("membership.member_not_found", "未找到该会员，或该会员不在您所辖的工会");
        if (member.Status != MembershipStatus.Active)
        {
            throw DomainException.Conflict("membership.member_not_active", "该会员的会籍已终止，不能转出");
        }

        // The member is told of the move, and a transfer is the member's: an imported membership nobody has claimed yet has
        // no one to tell (the officer is asked to wait for the claim).
        if (member.WorkerId is not { } workerId)
        {
            throw new DomainException("membership.transfer_unclaimed", "该会员尚未在小程序认领会籍，无法通知本人；请在其认领后再办理转出");
        }

        if (await db.MembershipTransfers.AnyAsync(t => t.MemberId == member.Id && t.Status == TransferStatus.Pending, ct))
        {
            throw DomainException.Conflict("membership.transfer_pending", "该会员有一份待审核的会籍转移申请，请待转入工会处理或会员撤回后再办理转出");
        }

        var to = await RequestTransfer.DestinationAsync(db, member, request.ToUnionId, "该会员", ct);
        var from = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == member.UnionId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var reason = request.Reason.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var transfer = new MembershipTransfer
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, WorkerId = workerId, FromUnionId = from.Id, ToUnionId = to.Id,
            Reason = reason, RequestedAt = now, FromNumber = member.Number,
        };
        db.MembershipTransfers.Add(transfer);
        var moved = await RequestTransfer.CompleteAsync(db, transfer, to, officer.OfficerId, now, ct);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipTransfer), transfer.Id, Action,
            to: nameof(TransferStatus.Approved), reason: $"由“{from.Name}”转出至“{to.Name}”：{reason}", unionId: from.Id);
        RequestTransfer.NotifyWorker(db, now, transfer, "membership.transfer_approved", $"会籍已转入“{to.Name}”",
            $"“{from.Name}”已为您办理会籍转出，会籍转入“{to.Name}”，新会员号 {moved.Number}，入会日期保持不变。原因：{reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The member's own request (or another officer's transfer) was saved a moment ago.
            throw DomainException.Conflict("membership.transfer_pending", "该会员的会籍刚刚已有变动，请刷新后查看");
        }

        await transaction.CommitAsync(ct);
        return (await RequestTransfer.ToItemsAsync(db, [transfer], ct))[0];
    }

    /// <summary>The audit action of an officer's transfer out.</summary>
    public const string Action = "membership.transfer.out";
}
