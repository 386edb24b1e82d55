using System.Globalization;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Subsidies;

public sealed class SubsidyReminderOptions
{
    public const string SectionName = "Subsidies:Reminders";

    /// <summary>A worker is reminded this many days before the correction deadline of a returned application.</summary>
    public int CorrectionReminderDays { get; set; } = 2;

    /// <summary>The officers' digest counts items due within this many days as "due soon".</summary>
    public int ReviewDueSoonDays { get; set; } = 1;

    /// <summary>Items past their level's deadline by more than this many days are reported to the level above.</summary>
    public int EscalateAfterDays { get; set; } = 3;
}

public sealed record ReminderRun(int Expired, int CorrectionReminders, int Digests, int Escalations);

/// <summary>
/// The daily subsidy reminders: closes returned applications whose correction deadline passed, reminds workers before
/// it, sends each reviewing officer a digest of their queue (due soon, overdue) and tells the level above about items
/// overdue for longer than the escalation delay. Safe to run again the same day: every reminder has a dated slot.
/// </summary>
public sealed class SubsidyReminders(AppDbContext db, IOptions<SubsidyReminderOptions> options, TimeProvider time)
{
    private readonly SubsidyReminderOptions settings = options.Value;

    public Task<ReminderRun> RunAsync(CancellationToken ct) => RunAsync(time.GetUtcNow().UtcDateTime, ct);

    public async Task<ReminderRun> RunAsync(DateTime now, CancellationToken ct)
    {
        var slot = ChinaTime.DateOf(now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var programNames = await db.SubsidyPrograms.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var lapsed = await db.SubsidyApplications.Where(a => a.Status == SubsidyStatus.Returned && a.CorrectionDueAt < now).ToListAsync(ct);
        foreach (var application in lapsed)
        {
            application.Expire(now);
            db.Record(now, AuditTrail.System, null, nameof(SubsidyApplication), application.Id, "subsidies.application.expired",
                nameof(SubsidyStatus.Returned), nameof(SubsidyStatus.Expired), "补正期限已过", application.UnionId);
            SubsidyNotices.ToWorker(db, now, application, programNames[application.ProgramId], SubsidyNotices.Expired, "补贴申请已关闭",
                $"您的“{programNames[application.ProgramId]}”申请未在补正期限内重新提交，已关闭。", "expired");
        }

        var soon = now.AddDays(settings.CorrectionReminderDays);
        var correcting = await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.Status == SubsidyStatus.Returned && a.CorrectionDueAt >= now && a.CorrectionDueAt <= soon).ToListAsync(ct);
        var queued = await ExistingKeysAsync(SubsidyNotices.CorrectionDue, ct);
        var reminded = 0;
        foreach (var application in correcting)
        {
            var dueSlot = "due-" + ChinaTime.DateOf(application.CorrectionDueAt!.Value).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (queued.Contains(SubsidyNotices.DedupKey(SubsidyNotices.CorrectionDue, application.Id, application.WorkerId, dueSlot)))
            {
                continue;
            }

            SubsidyNotices.ToWorker(db, now, application, programNames[application.ProgramId], SubsidyNotices.CorrectionDue, "补贴申请补正即将到期",
                $"您的“{programNames[application.ProgramId]}”申请需要补正，请在{ChinaTime.ToChina(application.CorrectionDueAt.Value):M月d日 HH:mm}前修改后重新提交。", dueSlot);
            reminded++;
        }

        var (digests, escalations) = await QueueOfficerRemindersAsync(now, slot, ct);
        await db.SaveChangesAsync(ct);
        return new ReminderRun(lapsed.Count, reminded, digests, escalations);
    }

    private async Task<(int Digests, int Escalations)> QueueOfficerRemindersAsync(DateTime now, string slot, CancellationToken ct)
    {
        var dueSoon = now.AddDays(settings.ReviewDueSoonDays);
        var queue = await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.Status == SubsidyStatus.UnderReview && a.CurrentReviewUnionId != null && a.CurrentStepDueAt <= dueSoon)
            .Select(a => new { UnionId = a.CurrentReviewUnionId!.Value, DueAt = a.CurrentStepDueAt!.Value })
            .ToListAsync(ct);
        if (queue.Count == 0)
        {
            return (0, 0);
        }

        var reviewers = await db.Officers.AsNoTracking()
            .Where(o => !o.IsDisabled && (o.Permissions & OfficerPermissions.ReviewSubsidies) != 0)
            .Select(o => new { o.Id, o.UnionId }).ToListAsync(ct);
        var unions = await db.Unions.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Name }).ToDictionaryAsync(u => u.Id, ct);
        var digestKeys = await ExistingKeysAsync(SubsidyNotices.OfficerDigest, ct);
        var escalationKeys = await ExistingKeysAsync(SubsidyNotices.OfficerEscalation, ct);

        var digests = 0;
        foreach (var group in queue.GroupBy(q => q.UnionId))
        {
            var overdue = group.Count(q => q.DueAt < now);
            var soonCount = group.Count() - overdue;
            foreach (var officer in reviewers.Where(o => o.UnionId == group.Key))
            {
                if (digestKeys.Contains(SubsidyNotices.DedupKey(SubsidyNotices.OfficerDigest, officer.Id, officer.Id, slot)))
                {
                    continue;
                }

                db.Enqueue(now, Outbox.OfficerRecipient, officer.Id, SubsidyNotices.OfficerDigest, officer.Id, slot, "补贴申请待审核提醒",
                    $"本级待审核的补贴申请中，{overdue} 份已超过审核时限，{soonCount} 份即将到期，请及时审核。", "pages/officer/subsidies",
                    new Dictionary<string, string>
                    {
                        ["overdue"] = overdue.ToString(CultureInfo.InvariantCulture),
                        ["dueSoon"] = soonCount.ToString(CultureInfo.InvariantCulture),
                        ["oldest"] = WeChat.SubscribeValueFormatter.FormatTime(group.Min(q => q.DueAt)),
                    });
                digests++;
            }
        }

        // Escalation: overdue beyond the delay goes to the nearest union above that has reviewing officers.
        var escalateBefore = now.AddDays(-settings.EscalateAfterDays);
        var byEscalationUnion = new Dictionary<Guid, List<(string UnionName, int Count)>>();
        foreach (var group in queue.Where(q => q.DueAt < escalateBefore).GroupBy(q => q.UnionId))
        {
            var above = unions.GetValueOrDefault(group.Key)?.ParentId;
            while (above is { } id && reviewers.All(o => o.UnionId != id))
            {
                above = unions.GetValueOrDefault(id)?.ParentId;
            }

            if (above is { } target)
            {
                byEscalationUnion.TryAdd(target, []);
                byEscalationUnion[target].Add((unions[group.Key].Name, group.Count()));
            }
        }

        var escalations = 0;
        foreach (var (unionId, items) in byEscalationUnion)
        {
            var summary = string.Join("、", items.OrderBy(i => i.UnionName, StringComparer.Ordinal).Select(i => $"{i.UnionName} {i.Count} 份"));
            foreach (var officer in reviewers.Where(o => o.UnionId == unionId))
            {
                if (escalationKeys.Contains(SubsidyNotices.DedupKey(SubsidyNotices.OfficerEscalation, officer.Id, officer.Id, slot)))
                {
                    continue;
                }

                db.Enqueue(now, Outbox.OfficerRecipient, officer.Id, SubsidyNotices.OfficerEscalation, officer.Id, slot, "下级补贴审核逾期提醒",
                    $"下级工会有补贴申请超过审核时限 {settings.EscalateAfterDays} 天以上仍未处理：{summary}。请督促办理。", "pages/officer/subsidies",
                    new Dictionary<string, string> { ["count"] = items.Sum(i => i.Count).ToString(CultureInfo.InvariantCulture) });
                escalations++;
            }
        }

        return (digests, escalations);
    }

    private async Task<HashSet<string>> ExistingKeysAsync(string kind, CancellationToken ct) =>
        (await db.Notifications.AsNoTracking().Where(n => n.Kind == kind).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
}
