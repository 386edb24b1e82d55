using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>
/// 注销账号 (PIPL art. 47; WeChat requires it of every mini-program with accounts). Erased at once: the profile, phone,
/// ID number, openid binding and session, refresh tokens, stored answers, inbox, subscription credits, quiz names, join
/// applications, certificates no payment refers to, and the personal snapshot and files of every subsidy claim that paid
/// nothing. Kept, minimised and marked: the membership register entry (ended, reason "注销账号", number, union, dates and
/// the keyed ID-number hash), paid subsidies (name and ID number for the payment record; phone and statement erased),
/// consent records and the audit trail. The openid becomes a placeholder, so the same WeChat user can register again as a
/// new worker. Refused while an approved subsidy waits for payment: cancelling would forfeit money owed to the person.
/// </summary>
public static class CancelAccount
{
    public sealed record Request(bool Confirm);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Confirm).Equal(true).WithMessage("请先确认已阅读并了解注销账号的后果").WithName("确认注销");
    }

    /// <summary>What cancelling would do for this worker, shown before they confirm.</summary>
    public sealed record Preview(IReadOnlyList<string> Erased, IReadOnlyList<string> Kept, IReadOnlyList<string> Membership, IReadOnlyList<string> Blockers, bool CanCancel);

    public sealed record Response(DateTime CancelledAt, IReadOnlyList<string> Kept, string Message);

    public const string PaymentPendingCode = "account.payment_pending";

    private static readonly string[] ErasedItems =
    [
        "个人资料：姓名、身份证号、出生日期、性别、手机号、工作单位、行业、职业、技能等级、用工形式、工作地区",
        "微信登录绑定和登录状态（所有设备都将退出）",
        "消息中心的全部消息和订阅消息授权",
        "答题活动排行榜上的名字（改为“已注销”）",
        "入会申请和会籍认领记录、登记的职业资格证书",
        "未获发放的补贴申请中的个人信息和上传的材料；办理中的补贴申请将关闭",
    ];

    public static async Task<Ok<Preview>> Get(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var member = await db.Members.AsNoTracking().Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
            .Select(m => new { m.Number, Union = db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Name).Single() }).SingleOrDefaultAsync(ct);
        var membership = member is null
            ? new List<string> { "您目前没有有效会籍。" }
            : [$"注销账号视同本人申请退会：您在{member.Union}的会籍（会员编号 {member.Number}）将于注销时终止，办理中的会籍转移将撤回。",
                "工会会员名册保留会员编号、所属工会、入会和终止日期，以及无法还原的身份证号校验值，用于工会依法管理名册。"];
        var kept = new List<string>
        {
            "已发放的补贴：姓名、身份证号、金额和发放记录（财务凭证依法保存），手机号等其他信息删除",
            "操作记录（审计日志）和您同意、撤回同意的记录",
            "培训报名、签到和答题成绩（不再关联到任何可识别您的信息）",
        };
        var blockers = await BlockersAsync(db, workerId, ct);
        return TypedResults.Ok(new Preview(ErasedItems, kept, membership, blockers, blockers.Count == 0));
    }

    public static async Task<Ok<Response>> Handle(Request request, HttpContext http, AppDbContext db, IAttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var blockers = await BlockersAsync(db, workerId, ct);
        if (blockers.Count > 0)
        {
            throw DomainException.Conflict(PaymentPendingCode, string.Join("；", blockers));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var worker = await db.Workers.SingleAsync(w => w.Id == workerId, ct);
        if (worker.CancelledAt is not null)
        {
            throw DomainException.Conflict("account.already_cancelled", "该账号已注销");
        }

        var kept = new List<string>();
        foreach (var member in await db.Members.Where(m => m.WorkerId == workerId).ToListAsync(ct))
        {
            var wasActive = member.Status == MembershipStatus.Active;
            member.EndByCancellation(now);
            if (wasActive)
            {
                db.Record(now, AuditTrail.Worker, workerId, nameof(Member), member.Id, "membership.member.ended_on_cancellation",
                    nameof(MembershipStatus.Active), nameof(MembershipStatus.Ended), "本人注销账号，会籍终止", member.UnionId);
                kept.Add($"会员名册记录（会员编号 {member.Number}，已终止）");
            }
        }

        foreach (var transfer in await db.MembershipTransfers.Where(t => t.WorkerId == workerId && t.Status == TransferStatus.Pending).ToListAsync(ct))
        {
            transfer.Withdraw(now);
            db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipTransfer), transfer.Id, "membership.transfer.withdrawn",
                nameof(TransferStatus.Pending), nameof(TransferStatus.Withdrawn), "本人注销账号", transfer.ToUnionId);
        }

        foreach (var join in await db.MembershipApplications.Where(a => a.WorkerId == workerId).ToListAsync(ct))
        {
            db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipApplication), join.Id, "membership.application.erased_on_cancellation",
                join.Status.ToString(), null, "本人注销账号，申请中的个人信息已删除", join.UnionId);
            db.MembershipApplications.Remove(join);
        }

        foreach (var membershipClaim in await db.MembershipClaims.Where(c => c.WorkerId == workerId).ToListAsync(ct))
        {
            db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipClaim), membershipClaim.Id, "membership.claim.erased_on_cancellation",
                membershipClaim.Status.ToString(), null, "本人注销账号，认领申请中的个人信息已删除", membershipClaim.UnionId);
            db.MembershipClaims.Remove(membershipClaim);
        }

        var claims = await db.SubsidyApplications.Where(a => a.WorkerId == workerId).ToListAsync(ct);
        foreach (var claim in claims)
        {
            if (SubsidyApplication.InProgressStatuses.Contains(claim.Status))
            {
                var from = claim.Status.ToString();
                claim.CloseByApplicant(now);
                db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), claim.Id, "subsidies.application.closed_on_cancellation",
                    from, nameof(SubsidyStatus.Withdrawn), "本人注销账号，申请已关闭", claim.UnionId);
            }

            var paid = claim.Status == SubsidyStatus.Paid;
            claim.ErasePersonalData(keepIdentity: paid, Worker.CancelledName);
            if (paid)
            {
                db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), claim.Id, "subsidies.application.applicant_cancelled",
                    null, null, "申请人已注销账号；为财务核对保留姓名、身份证号和发放记录", claim.UnionId);
                kept.Add("已发放补贴的发放记录");
            }
        }

        // Files of claims that paid nothing go with the claim; a paid case's files stay until the retention period.
        var unpaidIds = claims.Where(c => c.Status != SubsidyStatus.Paid).Select(c => c.Id).ToList();
        var files = await db.SubsidyAttachments.Where(f => unpaidIds.Contains(f.ApplicationId)).Select(f => f.StorageKey).ToListAsync(ct);
        await db.SubsidyAttachments.Where(f => unpaidIds.Contains(f.ApplicationId)).ExecuteDeleteAsync(ct);

        var paidCertificates = claims.Where(c => c.Status == SubsidyStatus.Paid && c.WorkerCertificateId != null).Select(c => c.WorkerCertificateId!.Value).ToList();
        await db.SubsidyApplications.Where(a => a.WorkerId == workerId && a.WorkerCertificateId != null && a.Status != SubsidyStatus.Paid)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkerCertificateId, (Guid?)null), ct);
        await db.WorkerCertificates.Where(c => c.WorkerId == workerId && !paidCertificates.Contains(c.Id)).ExecuteDeleteAsync(ct);

        await db.QuizCampaignEntries.Where(e => e.WorkerId == workerId).ExecuteUpdateAsync(s => s.SetProperty(e => e.DisplayName, Worker.CancelledName), ct);
        await db.QuizPrizeWinners.Where(e => e.WorkerId == workerId).ExecuteUpdateAsync(s => s.SetProperty(e => e.DisplayName, Worker.CancelledName), ct);
        await db.Notifications.Where(n => n.RecipientType == Outbox.WorkerRecipient && n.RecipientId == workerId).ExecuteDeleteAsync(ct);
        await db.SubscriptionCredits.Where(c => c.RecipientType == Outbox.WorkerRecipient && c.RecipientId == workerId).ExecuteDeleteAsync(ct);
        await db.RefreshTokens.Where(t => t.SubjectType == SubjectType.Worker && t.SubjectId == workerId).ExecuteDeleteAsync(ct);
        await db.IdempotencyRecords.Where(r => r.SubjectId == workerId).ExecuteDeleteAsync(ct);
        await db.Consents.Where(c => c.WorkerId == workerId && c.WithdrawnAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now), ct);

        worker.Cancel(now);
        db.Record(now, AuditTrail.Worker, workerId, nameof(Worker), workerId, "account.cancelled", "active", "cancelled",
            kept.Count == 0 ? "个人信息已全部删除" : "个人信息已删除；依法保留：" + string.Join("；", kept.Distinct()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        foreach (var key in files)
        {
            try
            {
                await store.DeleteAsync(key, ct);
            }
            catch (IOException)
            {
                // The row is gone, so nobody can reach the file; a folder clean-up may remove it later.
            }
        }

        var keptNow = kept.Distinct().ToList();
        return TypedResults.Ok(new Response(now, keptNow,
            "账号已注销，您的个人信息已删除。" + (keptNow.Count > 0 ? "依法保留：" + string.Join("；", keptNow) + "。" : "") +
            "今后用同一微信登录，将作为新用户重新注册。"));
    }

    /// <summary>
    /// An access token issued before the cancellation stays valid until it expires; on the worker's own endpoints it must
    /// not write personal data back onto the emptied row, so a cancelled account is answered 401 (the mini-program then
    /// tries its refresh token, which is gone, and goes to the login page).
    /// </summary>
    public static async ValueTask<object?> RefuseCancelled(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var workerId = http.User.UserId();
        if (await db.Workers.AnyAsync(w => w.Id == workerId && w.CancelledAt != null, http.RequestAborted))
        {
            return Infrastructure.Problems.Create(StatusCodes.Status401Unauthorized, "auth.account_cancelled", "该账号已注销，请重新登录");
        }

        return await next(context);
    }

    private static async Task<List<string>> BlockersAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        var awaitingPayment = await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.WorkerId == workerId && a.Status == SubsidyStatus.Approved)
            .Select(a => db.SubsidyPrograms.Where(p => p.Id == a.ProgramId).Select(p => p.Name).Single()).ToListAsync(ct);
        return awaitingPayment.Select(name => $"您的“{name}”补贴已核准、尚未发放，注销将放弃这笔补贴。请在发放后再注销，或联系工会").ToList();
    }
}
