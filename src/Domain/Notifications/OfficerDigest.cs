using System.Globalization;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Notifications;

/// <summary>
/// Once a day, tells each reviewing officer how many join applications in their subtree have waited longer than the
/// configured number of days. One digest per officer per Beijing day, however often the job runs.
/// </summary>
public sealed class OfficerDigest(AppDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string Kind = "officer.membership_digest";

    public async Task<int> QueueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var days = options.Value.DigestWaitingDays;
        var cutoff = now.AddDays(-days);
        var slot = ChinaTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var officers = await db.Officers.AsNoTracking()
            .Where(o => !o.IsDisabled && (o.Permissions & OfficerPermissions.ReviewMembership) != 0)
            .Select(o => new { o.Id, Path = db.Unions.Where(u => u.Id == o.UnionId).Select(u => u.Path).Single() })
            .ToListAsync(ct);
        var alreadyQueued = (await db.Notifications.Where(n => n.Kind == Kind && n.DedupKey.EndsWith(":" + slot)).Select(n => n.RecipientId).ToListAsync(ct)).ToHashSet();
        var queued = 0;
        foreach (var officer in officers.Where(o => !alreadyQueued.Contains(o.Id)))
        {
            var waiting = db.MembershipApplications.Where(a => a.Status == ApplicationStatus.Submitted && a.SubmittedAt < cutoff
                && db.Unions.Any(u => u.Id == a.UnionId && u.Path.StartsWith(officer.Path)));
            var count = await waiting.CountAsync(ct);
            if (count == 0)
            {
                continue;
            }

            var oldest = await waiting.MinAsync(a => a.SubmittedAt, ct);
            db.Enqueue(now, Outbox.OfficerRecipient, officer.Id, Kind, officer.Id, slot, "入会申请待审核提醒",
                $"您管辖范围内有 {count} 份入会申请已等待超过 {days} 天，最早一份提交于 {ChinaTime.ToChina(oldest):M月d日}，请及时审核。",
                "pages/officer/queue",
                new Dictionary<string, string> { ["count"] = count.ToString(CultureInfo.InvariantCulture), ["oldest"] = WeChat.SubscribeValueFormatter.FormatTime(oldest) });
            queued++;
        }

        await db.SaveChangesAsync(ct);
        return queued;
    }
}
