using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>The separate consent to process sensitive personal information (the ID number), kept with its text version.</summary>
public static class SensitiveConsent
{
    public sealed record Request(string TextVersion);

    public sealed record Response(string TextVersion, string Text, bool Granted, DateTime? GrantedAt);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.TextVersion).NotEmpty().MaximumLength(40).WithName("同意书版本");
    }

    public static async Task<bool> HasCurrentAsync(AppDbContext db, Guid workerId, CancellationToken ct) =>
        await Current(db, workerId).AnyAsync(ct);

    public static async Task<Ok<Response>> Get(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var granted = await Current(db, http.User.UserId()).Select(c => (DateTime?)c.GrantedAt).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new Response(ConsentTexts.SensitiveVersion, ConsentTexts.SensitiveText, granted is not null, granted));
    }

    public static async Task<Ok<Response>> Grant(Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request.TextVersion != ConsentTexts.SensitiveVersion)
        {
            throw DomainException.Conflict("profile.consent_outdated", "同意书已更新，请重新阅读最新版本后再同意");
        }

        var workerId = http.User.UserId();
        var existing = await Current(db, workerId).FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            existing = new ConsentRecord
            {
                Id = Guid.CreateVersion7(), WorkerId = workerId, Kind = ConsentRecord.SensitivePersonalInformation,
                TextVersion = request.TextVersion, GrantedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Consents.Add(existing);
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new Response(ConsentTexts.SensitiveVersion, ConsentTexts.SensitiveText, true, existing.GrantedAt));
    }

    /// <summary>What withdrawing did: whether the ID number was erased, and if not, what still needs it.</summary>
    public sealed record WithdrawResponse(bool IdNumberErased, IReadOnlyList<string> KeptFor, int ClosedApplications, string Message);

    /// <summary>Refuses anything that would use the ID number while the worker has not consented (or withdrew).</summary>
    public static async Task RequireAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        if (!await HasCurrentAsync(db, workerId, ct))
        {
            throw DomainException.Forbidden(ConsentRequiredCode,
                "办理此项业务需要核验身份证号。您尚未同意或已撤回《敏感个人信息处理同意书》，如需办理，请先在“我的资料”中阅读并同意。");
        }
    }

    public const string ConsentRequiredCode = "privacy.consent_required";

    /// <summary>
    /// Withdrawing stops every further use of the ID number (PIPL art. 15, 47): join applications not behind an active
    /// membership are deleted with their ID snapshot, subsidy claims still in progress are closed and every unpaid
    /// claim's ID snapshot erased, and the worker's own ID number is erased unless an active membership (the register's
    /// one-member-per-ID rule) or an approved or paid subsidy (the payment record) still needs it — then it is kept, used
    /// for nothing new, and the answer says why. See docs/decisions.md.
    /// </summary>
    public static async Task<Ok<WithdrawResponse>> Withdraw(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var workerId = http.User.UserId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var withdrawn = await db.Consents.Where(c => c.WorkerId == workerId && c.Kind == ConsentRecord.SensitivePersonalInformation && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now), ct);

        var activeMember = await db.Members.Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(ct);
        var joins = await db.MembershipApplications.Where(a => a.WorkerId == workerId
            && !(a.Status == ApplicationStatus.Approved && activeMember != null && a.MembershipId == activeMember)).ToListAsync(ct);
        foreach (var join in joins)
        {
            db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipApplication), join.Id, "membership.application.erased_on_consent_withdrawal",
                join.Status.ToString(), null, "本人撤回敏感个人信息同意，申请及其中的身份证号已删除", join.UnionId);
            db.MembershipApplications.Remove(join);
        }

        // Claims hold the ID number they were made with; a linked one has done its work (the link is in the audit trail).
        foreach (var membershipClaim in await db.MembershipClaims.Where(c => c.WorkerId == workerId).ToListAsync(ct))
        {
            db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipClaim), membershipClaim.Id, "membership.claim.erased_on_consent_withdrawal",
                membershipClaim.Status.ToString(), null, "本人撤回敏感个人信息同意，认领申请及其中的身份证号已删除", membershipClaim.UnionId);
            db.MembershipClaims.Remove(membershipClaim);
        }

        var open = await db.SubsidyApplications.Where(a => a.WorkerId == workerId && SubsidyApplication.InProgressStatuses.Contains(a.Status)).ToListAsync(ct);
        foreach (var claim in open)
        {
            var from = claim.Status.ToString();
            claim.CloseByApplicant(now);
            db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), claim.Id, "subsidies.application.closed_on_consent_withdrawal",
                from, nameof(SubsidyStatus.Withdrawn), "本人撤回敏感个人信息同意，申请已关闭", claim.UnionId);
        }

        await db.SaveChangesAsync(ct);
        await db.SubsidyApplications.Where(a => a.WorkerId == workerId && a.Status != SubsidyStatus.Approved && a.Status != SubsidyStatus.Paid && a.IdNumberCipher != null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IdNumberCipher, (string?)null), ct);

        var keptFor = new List<string>();
        if (activeMember is not null)
        {
            keptFor.Add("会籍登记（同一身份证号只能有一个有效会籍）");
        }

        if (await db.SubsidyApplications.AnyAsync(a => a.WorkerId == workerId && (a.Status == SubsidyStatus.Approved || a.Status == SubsidyStatus.Paid), ct))
        {
            keptFor.Add("已核准或已发放的补贴（财务发放记录）");
        }

        var worker = await db.Workers.SingleAsync(w => w.Id == workerId, ct);
        var erased = keptFor.Count == 0 && worker.IdNumberCipher is not null;
        if (erased)
        {
            worker.EraseIdNumber();
            worker.UpdatedAt = now;
        }

        db.Record(now, AuditTrail.Worker, workerId, "Worker", workerId, "privacy.consent.withdrawn", withdrawn > 0 ? "granted" : "none", "withdrawn",
            erased ? "身份证号已删除" : keptFor.Count > 0 ? "身份证号因以下用途保留：" + string.Join("；", keptFor) : null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var message = keptFor.Count == 0
            ? "已撤回同意。" + (erased ? "您的身份证号已删除；" : "") + "入会、会籍转移、补贴申请等需要实名核验的业务将无法办理，重新同意后可再次办理。"
            : "已撤回同意，今后不再将您的身份证号用于新的业务。以下记录依法仍需要它，因此暂予保留：" + string.Join("；", keptFor) + "。";
        return TypedResults.Ok(new WithdrawResponse(erased, keptFor, open.Count + joins.Count(j => j.IsOpen), message));
    }

    private static IQueryable<ConsentRecord> Current(AppDbContext db, Guid workerId) =>
        db.Consents.Where(c => c.WorkerId == workerId && c.Kind == ConsentRecord.SensitivePersonalInformation
                               && c.TextVersion == ConsentTexts.SensitiveVersion && c.WithdrawnAt == null);
}
