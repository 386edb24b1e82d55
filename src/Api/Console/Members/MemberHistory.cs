using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Audit;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Members;

/// <summary>
/// A member of the officer's subtree as the detail page shows it: the register entry (masked) and its history — joining
/// (application approved or imported), transfers, the claim of an imported membership, the e-card's state, and what the
/// audit trail recorded about the entry. A member outside the subtree is not found (404), like everywhere else.
/// </summary>
public static class MemberHistory
{
    public sealed record Event(DateTime? At, DateOnly? Day, string Text);

    public sealed record Detail(
        Guid Id, string Number, string? ExternalNumber, string Name, string IdNumberMasked, string PhoneMasked, string UnionName, DateOnly JoinedOn,
        MembershipStatus Status, string SourceText, string CardText, bool HasAccount, IReadOnlyList<Event> History)
    {
        public Guid UnionId { get; init; }
    }

    public static async Task<Detail> ForAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && unionIds.Contains(m.UnionId), ct)
            ?? throw DomainException.NotFound("membership.member_not_found", "未找到该会员，或该会员不在您所辖的工会");
        var worker = member.WorkerId is { } workerId
            ? await db.Workers.AsNoTracking().Where(w => w.Id == workerId).Select(w => new { w.RealName, w.IdNumberCipher, w.PhoneCipher }).SingleOrDefaultAsync(ct)
            : null;
        var transfers = await db.MembershipTransfers.AsNoTracking().Where(t => t.MemberId == id).OrderBy(t => t.RequestedAt).ToListAsync(ct);
        var application = member.Source == MemberSource.Application && member.WorkerId is { } applicant
            ? await db.MembershipApplications.AsNoTracking().Where(a => a.WorkerId == applicant && a.Status == ApplicationStatus.Approved)
                .OrderByDescending(a => a.DecidedAt).Select(a => new { a.SubmittedAt, a.DecidedAt, a.UnionId }).FirstOrDefaultAsync(ct)
            : null;
        var audit = await db.AuditRecords.AsNoTracking().Where(r => r.EntityType == nameof(Member) && r.EntityId == id).OrderBy(r => r.At).ToListAsync(ct);
        var transferIds = transfers.Select(t => t.Id).ToList();
        var byOfficer = (await db.AuditRecords.AsNoTracking()
            .Where(r => r.EntityType == nameof(MembershipTransfer) && transferIds.Contains(r.EntityId) && r.Action == Api.Membership.TransferOut.Action)
            .Select(r => r.EntityId).ToListAsync(ct)).ToHashSet();
        var unionIdsNamed = transfers.SelectMany(t => new[] { t.FromUnionId, t.ToUnionId }).Append(member.UnionId)
            .Concat(application is null ? [] : [application.UnionId]).Distinct().ToList();
        var unions = await db.Unions.AsNoTracking().Where(u => unionIdsNamed.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);

        var history = new List<Event>();
        if (application is not null)
        {
            history.Add(new Event(application.SubmittedAt, null, $"向“{unions[application.UnionId]}”提交入会申请"));
            history.Add(new Event(application.DecidedAt, member.JoinedOn, "入会申请审核通过，成为会员"));
        }
        else if (member.Source == MemberSource.Import)
        {
            history.Add(new Event(member.CreatedAt, member.JoinedOn, $"由工会导入存量会员名册（入会日期 {ConsoleFormat.Date(member.JoinedOn)}）"));
        }
        else
        {
            history.Add(new Event(null, member.JoinedOn, "入会"));
        }

        foreach (var t in transfers)
        {
            history.Add(new Event(t.RequestedAt, null, byOfficer.Contains(t.Id)
                ? $"“{unions[t.FromUnionId]}”办理会籍转出，转入“{unions[t.ToUnionId]}”。原因：{t.Reason}"
                : $"申请会籍转移：由“{unions[t.FromUnionId]}”转入“{unions[t.ToUnionId]}”（{StatusNames.Of(t.Status)}）"));
            if (t.DecidedAt is { } decided && t.Status == TransferStatus.Approved)
            {
                history.Add(new Event(decided, null, $"会籍已转入“{unions[t.ToUnionId]}”，会员号由 {t.FromNumber} 变更为 {t.ToNumber}"));
            }
        }

        if (member.ClaimedAt is { } claimed)
        {
            history.Add(new Event(claimed, null, "会员本人认领会籍，电子会员卡随即可用"));
        }

        foreach (var r in audit.Where(r => r.Action != "membership.member.claimed"))
        {
            history.Add(new Event(r.At, null, AuditNames.Action(r.Action)));
        }

        if (member.EndedAt is { } ended)
        {
            history.Add(new Event(ended, null, "会籍终止（本人注销账号）"));
        }

        var name = worker?.RealName ?? member.RegisteredName ?? "（已注销）";
        var card = member.Status != MembershipStatus.Active ? "会籍已终止，会员卡失效"
            : member.WorkerId is null ? "尚未认领：会员本人在小程序认领会籍后即可出示电子会员卡"
            : "有效：会员可在小程序“我的会员卡”出示二维码，由“会员卡核验”页核验";
        return new Detail(
            member.Id, member.Number, member.ExternalNumber, name,
            Masking.IdNumber(protector.UnprotectOrNull(worker?.IdNumberCipher ?? member.IdNumberCipher)),
            Masking.Phone(protector.UnprotectOrNull(worker?.PhoneCipher ?? member.PhoneCipher)),
            unions[member.UnionId], member.JoinedOn, member.Status,
            member.Source == MemberSource.Application ? "入会申请" : member.WorkerId is null ? "存量导入（未认领）" : "存量导入（已认领）",
            card, member.WorkerId is not null,
            [.. history.OrderBy(e => e.At ?? e.Day?.ToDateTime(TimeOnly.MinValue) ?? DateTime.MinValue)]) { UnionId = member.UnionId };
    }
}
