using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>A member who changed jobs asks to move the membership to the union of the new workplace (会籍转移).</summary>
public static class RequestTransfer
{
    public sealed record Request(Guid ToUnionId, string Reason);

    public sealed record Item(
        Guid Id, MyApplications.UnionRef From, MyApplications.UnionRef To, string Reason, TransferStatus Status, string StatusText,
        string? ReviewComment, string FromNumber, string? ToNumber, DateTime RequestedAt, DateTime? DecidedAt, IReadOnlyList<TimelineEntry> Timeline);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ToUnionId).NotEmpty().WithName("转入工会");
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(200).WithName("转移原因");
        }
    }

    public static async Task<Created<Item>> Handle(Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active, ct)
            ?? throw new DomainException("membership.not_member", "您还不是工会会员，不能办理会籍转移");
        await Profiles.SensitiveConsent.RequireAsync(db, workerId, ct);
        var to = await DestinationAsync(db, member, request.ToUnionId, "您", ct);
        var from = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == member.UnionId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var transfer = new MembershipTransfer
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, WorkerId = workerId, FromUnionId = from.Id, ToUnionId = to.Id,
            Reason = request.Reason.Trim(), RequestedAt = now, FromNumber = member.Number,
        };
        db.MembershipTransfers.Add(transfer);
        db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.requested",
            to: nameof(TransferStatus.Pending), reason: transfer.Reason, unionId: to.Id);
        NotifyWorker(db, now, transfer, "membership.transfer_requested", "会籍转移申请已提交", $"您申请将会籍从“{from.Name}”转入“{to.Name}”，请等待转入工会审核。");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw PendingExists();
        }

        return TypedResults.Created($"/api/membership/transfers/{transfer.Id}", (await ToItemsAsync(db, [transfer], ct))[0]);
    }

    public static async Task<Ok<IReadOnlyList<Item>>> Mine(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var transfers = await db.MembershipTransfers.AsNoTracking().Where(t => t.WorkerId == workerId)
            .OrderByDescending(t => t.RequestedAt).Take(50).ToListAsync(ct);
        return TypedResults.Ok(await ToItemsAsync(db, transfers, ct));
    }

    public static async Task<NoContent> Withdraw(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var transfer = await db.MembershipTransfers.SingleOrDefaultAsync(t => t.Id == id && t.WorkerId == workerId, ct)
            ?? throw DomainException.NotFound("membership.transfer_not_found", "未找到该转移申请");
        var now = time.GetUtcNow().UtcDateTime;
        transfer.Withdraw(now);
        db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.withdrawn",
            nameof(TransferStatus.Pending), nameof(TransferStatus.Withdrawn), unionId: transfer.ToUnionId);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The one rule of where a membership may move (会籍转移), whoever asks: a union of the province's tree that takes members
    /// directly and is not the member's own. <paramref name="whose"/> is "您" for the member, "该会员" for an officer.
    /// </summary>
    internal static async Task<Union> DestinationAsync(AppDbContext db, Member member, Guid toUnionId, string whose, CancellationToken ct)
    {
        var to = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == toUnionId, ct)
            ?? throw DomainException.NotFound("membership.union_not_found", "所选工会不存在");
        if (!to.AcceptsMembers)
        {
            throw new DomainException("membership.union_not_accepting", $"“{to.Name}”不直接接收会员，请选择基层工会或区域性、行业工会");
        }

        if (to.Id == member.UnionId)
        {
            throw new DomainException("membership.transfer_same_union", $"{whose}的会籍已在该工会，无需转移");
        }

        return to;
    }

    /// <summary>
    /// Completes a transfer: the member takes the next number of the receiving union (the join date, part of the number,
    /// stays) and the transfer is approved by <paramref name="officerId"/>. The caller saves, in its transaction.
    /// </summary>
    internal static async Task<Member> CompleteAsync(AppDbContext db, MembershipTransfer transfer, Union to, Guid officerId, DateTime now, CancellationToken ct)
    {
        var member = await db.Members.SingleAsync(m => m.Id == transfer.MemberId, ct);
        var (numberingUnion, sequence) = await MemberNumbering.TakeNextAsync(db, to.Id, ct);
        member.MoveTo(numberingUnion, sequence);
        transfer.Approve(officerId, member.Number, now);
        return member;
    }

    /// <summary>Two queries for the whole page: the union names and the timelines.</summary>
    internal static async Task<IReadOnlyList<Item>> ToItemsAsync(AppDbContext db, IReadOnlyList<MembershipTransfer> transfers, CancellationToken ct)
    {
        var unionIds = transfers.SelectMany(t => new[] { t.FromUnionId, t.ToUnionId }).Distinct().ToList();
        var names = await db.Unions.AsNoTracking().Where(u => unionIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var timelines = await Timeline.ForAsync(db, nameof(MembershipTransfer), transfers.Select(t => t.Id).ToList(), ct);
        return transfers.Select(t => new Item(
            t.Id, new(t.FromUnionId, names[t.FromUnionId]), new(t.ToUnionId, names[t.ToUnionId]), t.Reason, t.Status, StatusNames.Of(t.Status),
            t.ReviewComment, t.FromNumber, t.ToNumber, t.RequestedAt, t.DecidedAt, [..timelines[t.Id]])).ToList();
    }

    internal static void NotifyWorker(AppDbContext db, DateTime now, MembershipTransfer transfer, string kind, string title, string body) =>
        db.Enqueue(now, Outbox.WorkerRecipient, transfer.WorkerId, kind, transfer.Id, transfer.Status.ToString(), title, body,
            $"pages/membership/transfers?id={transfer.Id}",
            new Dictionary<string, string> { ["status"] = StatusNames.Of(transfer.Status), ["comment"] = transfer.ReviewComment ?? "" });

    private static DomainException PendingExists() =>
        DomainException.Conflict("membership.transfer_pending", "您已有一份待审核的会籍转移申请，请等待结果或撤回后再申请");
}

/// <summary>Officers of the receiving union (or above it) decide transfers into their subtree.</summary>
public static class DecideTransfer
{
    public sealed record Query(TransferStatus? Status, int Page = 1, int PageSize = 20);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum().WithName("状态");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<RequestTransfer.Item>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var status = query.Status ?? TransferStatus.Pending;
        var transfers = db.MembershipTransfers.AsNoTracking()
            .Where(t => t.Status == status && scope.UnionsWithin(officer).Any(u => u.Id == t.ToUnionId));
        var total = await transfers.CountAsync(ct);
        var page = await transfers.OrderBy(t => t.RequestedAt).ThenBy(t => t.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<RequestTransfer.Item>(await RequestTransfer.ToItemsAsync(db, page, ct), query.Page, query.PageSize, total));
    }

    public static async Task<Ok<RequestTransfer.Item>> Approve(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (transfer, to) = await FindInScopeAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var member = await RequestTransfer.CompleteAsync(db, transfer, to, officer.OfficerId, now, ct);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.approved",
            nameof(TransferStatus.Pending), nameof(TransferStatus.Approved), unionId: to.Id);
        RequestTransfer.NotifyWorker(db, now, transfer, "membership.transfer_approved", "会籍转移已完成",
            $"您的会籍已转入“{to.Name}”，新会员号 {member.Number}，入会日期保持不变。");
        await SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok((await RequestTransfer.ToItemsAsync(db, [transfer], ct))[0]);
    }

    public static async Task<Ok<RequestTransfer.Item>> Reject(
        Guid id, DecideApplication.ReasonRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (transfer, to) = await FindInScopeAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        transfer.Reject(officer.OfficerId, request.Reason, now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.rejected",
            nameof(TransferStatus.Pending), nameof(TransferStatus.Rejected), request.Reason, to.Id);
        RequestTransfer.NotifyWorker(db, now, transfer, "membership.transfer_rejected", "会籍转移未通过",
            $"“{to.Name}”未同意您的会籍转移申请，原因：{request.Reason}。您的会籍仍保留在原工会。");
        await SaveAsync(db, ct);
        return TypedResults.Ok((await RequestTransfer.ToItemsAsync(db, [transfer], ct))[0]);
    }

    private static async Task<(MembershipTransfer Transfer, Union To)> FindInScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.MembershipTransfers.Where(t => t.Id == id)
            .Select(t => new { Transfer = t, To = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == t.ToUnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.To is null
            ? throw DomainException.NotFound("membership.transfer_not_found", "未找到该转移申请，或不在您的管辖范围内")
            : (found.Transfer, found.To);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("membership.already_decided", "该转移申请刚刚已由其他工作人员处理，请刷新后查看");
        }
    }
}
