using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Data;

/// <summary>
/// Deletes what has outlived its use, on the periods in <see cref="RetentionOptions"/>: expired refresh tokens, old
/// idempotency records, session keys of inactive workers, closed join applications, the personal snapshot and files of
/// subsidy claims that paid nothing, the files of long-paid cases, and old inbox notifications. Each run leaves one audit
/// record with what it removed. The purge job calls <see cref="PurgeAsync"/>; running it twice removes nothing more.
/// </summary>
public sealed class RecordRetention(AppDbContext db, IAttachmentStore attachments, IOptions<RetentionOptions> options, TimeProvider time)
{
    /// <summary>What officers see instead of the applicant's name once a refused claim's snapshot is erased.</summary>
    public const string ErasedName = "（已过保存期限）";

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var tokenCutoff = now.AddDays(-o.RefreshTokenGraceDays);
        var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt < tokenCutoff).ExecuteDeleteAsync(ct);
        var idempotencyCutoff = now.AddHours(-o.IdempotencyHours);
        var records = await db.IdempotencyRecords.Where(r => r.CreatedAt < idempotencyCutoff).ExecuteDeleteAsync(ct);

        var loginCutoff = now.AddDays(-o.SessionKeyDays);
        var sessionKeys = await db.Workers.Where(w => w.SessionKeyCipher != null && w.LastLoginAt < loginCutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.SessionKeyCipher, (string?)null), ct);

        var joinCutoff = now.AddDays(-o.ClosedMembershipApplicationDays);
        var joins = await db.MembershipApplications
            .Where(a => (a.Status == ApplicationStatus.Rejected || a.Status == ApplicationStatus.Withdrawn) && a.DecidedAt < joinCutoff)
            .ExecuteDeleteAsync(ct);
        // Membership claims that ended without a link, by the same period (they hold the ID number and phone claimed with).
        joins += await db.MembershipClaims.Where(c => c.Status == ClaimStatus.Unverified && c.ResolvesAt < joinCutoff).ExecuteDeleteAsync(ct);

        var claimCutoff = now.AddDays(-o.RefusedSubsidyClaimDays);
        var refused = db.SubsidyApplications.Where(a => SubsidyApplication.RefusedStatuses.Contains(a.Status) && a.DecidedAt < claimCutoff);
        var claimFiles = await SubsidyPersonalData.DeleteAttachmentsAsync(db, attachments, refused.Select(a => a.Id), ct);
        var claims = await refused.Where(a => a.IdNumberCipher != null || a.PhoneCipher != null || a.Statement != null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ApplicantName, ErasedName).SetProperty(a => a.IdNumberCipher, (string?)null)
                .SetProperty(a => a.PhoneCipher, (string?)null).SetProperty(a => a.Statement, (string?)null), ct);

        var paidCutoff = ChinaTime.DateOf(now).AddDays(-o.PaidSubsidyAttachmentDays);
        var paidFiles = await SubsidyPersonalData.DeleteAttachmentsAsync(
            db, attachments, db.SubsidyApplications.Where(a => a.Status == SubsidyStatus.Paid && a.PaidOn < paidCutoff).Select(a => a.Id), ct);

        var noticeCutoff = now.AddDays(-o.NotificationDays);
        var notices = await db.Notifications.Where(n => n.CreatedAt < noticeCutoff && n.DeliveryStatus != DeliveryStatus.Pending).ExecuteDeleteAsync(ct);

        var personal = sessionKeys + joins + claims + claimFiles + paidFiles + notices;
        if (personal > 0)
        {
            db.Record(now, AuditTrail.System, null, nameof(RecordRetention), Guid.CreateVersion7(), "privacy.retention.purged", reason:
                $"按保存期限删除：入会申请和未通过的会籍认领 {joins} 份，未获补贴申请的个人信息 {claims} 份，补贴材料 {claimFiles + paidFiles} 个，" +
                $"消息 {notices} 条，登录会话密钥 {sessionKeys} 个");
            await db.SaveChangesAsync(ct);
        }

        return tokens + records + personal;
    }
}
