using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>One step of an application's progress, as the worker sees it.</summary>
public sealed record TimelineEntry(DateTime At, string Action, string Text, string Actor, string? FromState, string? ToState, string? Reason);

/// <summary>Builds the progress a worker sees from the audit trail, so the two can never disagree.</summary>
public static class Timeline
{
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["membership.application.submitted"] = "提交入会申请",
        ["membership.application.resubmitted"] = "修改后重新提交",
        ["membership.application.approved"] = "审核通过，已成为工会会员",
        ["membership.application.rejected"] = "审核未通过",
        ["membership.application.returned"] = "退回修改",
        ["membership.application.withdrawn"] = "本人撤回申请",
        ["membership.id_number.revealed"] = "工会审核人员查看了完整身份证号",
        ["membership.transfer.requested"] = "申请会籍转移",
        ["membership.transfer.approved"] = "转入工会同意，会籍已转移",
        ["membership.transfer.rejected"] = "转入工会未同意",
        ["membership.transfer.withdrawn"] = "本人撤回转移申请",
        ["membership.transfer.union_closed"] = "原工会撤销或合并，会籍随之转入新工会",
        ["membership.application.union_moved"] = "原工会撤销或合并，申请转至新工会办理",
        ["membership.application.union_closed"] = "所选工会已撤销，请重新选择工会",
    };

    public static async Task<ILookup<Guid, TimelineEntry>> ForAsync(AppDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var records = await db.AuditRecords.AsNoTracking()
            .Where(a => a.EntityType == entityType && ids.Contains(a.EntityId))
            .ToListAsync(ct);
        return records.OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToLookup(a => a.EntityId, a => new TimelineEntry(
                a.At, a.Action, Texts.GetValueOrDefault(a.Action, a.Action),
                a.ActorType switch { AuditTrail.Worker => "本人", AuditTrail.Officer => "工会", _ => "系统" },
                a.FromState, a.ToState, a.Reason));
    }
}
