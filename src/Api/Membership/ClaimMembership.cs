using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Membership;

/// <summary>
/// A worker who is already a member claims the membership instead of applying (认领会籍). The claim uses what the profile
/// holds — the real name, the ID number (after the sensitive-data consent) and the phone WeChat verified. When an imported,
/// unclaimed member has the same ID number and the same phone, it is linked at once and the card appears with its original
/// join date and external number. Every other case — the ID number on file with another phone, not on file at all, or
/// already claimed — gets one and the same answer: 201, 核对中, the same message and due date. A claim with a candidate is
/// in that union's queue meanwhile; every claim not linked by its due date then ends as 未通过 in the same job run, with the
/// same text (docs/decisions.md, "Claiming a membership"). So no answer tells anyone whether an ID number is on file.
/// </summary>
public static class ClaimMembership
{
    /// <summary>What the worker sees: an officer's refusal is not shown apart from 核对中 before the due date.</summary>
    public enum Progress
    {
        Pending,
        Linked,
        Unverified,
    }

    /// <param name="DueOn">The last day of the review (the same rule for every claim).</param>
    /// <param name="ResolvedAt">When it was linked, or the end of the review for one that was not; null while 核对中.</param>
    /// <param name="Membership">The linked membership (its card), only once linked.</param>
    public sealed record ClaimView(
        Guid Id, Progress Status, string StatusText, string Message, DateTime SubmittedAt, DateOnly DueOn, DateTime? ResolvedAt, ClaimedMembership? Membership);

    public sealed record ClaimedMembership(string MembershipNumber, string? ExternalNumber, string UnionName, DateOnly JoinedOn);

    public static async Task<Created<ClaimView>> Handle(
        HttpContext http, AppDbContext db, IOptions<MembershipClaimOptions> options, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == http.User.UserId(), ct);
        MembershipGuards.RequireCompleteIdentity(worker, "认领会籍");
        await Profiles.SensitiveConsent.RequireAsync(db, worker.Id, ct);
        await RequireNothingOpenAsync(db, worker.Id, ct);

        var now = time.GetUtcNow().UtcDateTime;
        // The same look-up in every case (untracked, so a found record costs the save nothing): an active member with this ID
        // number that nobody has claimed.
        var candidate = await db.Members.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Status == MembershipStatus.Active && m.IdNumberHash == worker.IdNumberHash && m.WorkerId == null, ct);
        var exact = candidate is not null && candidate.PhoneHash == worker.PhoneHash;
        var claim = new MembershipClaim
        {
            Id = Guid.CreateVersion7(),
            WorkerId = worker.Id,
            ClaimantName = worker.RealName!,
            IdNumberCipher = worker.IdNumberCipher!,
            IdNumberHash = worker.IdNumberHash!,
            PhoneCipher = worker.PhoneCipher!,
            PhoneHash = worker.PhoneHash!,
            CandidateMemberId = candidate?.Id,
            UnionId = candidate?.UnionId,
            SubmittedAt = now,
            ResolvesAt = MembershipClaim.ResolutionTime(now, options.Value.ReviewWorkingDays),
        };
        db.MembershipClaims.Add(claim);
        db.Record(now, AuditTrail.Worker, worker.Id, nameof(MembershipClaim), claim.Id, "membership.claim.submitted",
            to: nameof(ClaimStatus.Pending), unionId: claim.UnionId);
        string? unionName = null;
        if (exact)
        {
            unionName = await db.Unions.Where(u => u.Id == candidate!.UnionId).Select(u => u.Name).SingleAsync(ct);
            db.Members.Attach(candidate!);
            MembershipLinks.Link(db, candidate!, worker.Id, worker.PhoneHash!, unionName, AuditTrail.Worker, worker.Id, now);
            claim.Link(candidate!.Id, null, now);
        }
        else
        {
            var view = ToView(claim, null, options.Value.ReviewWorkingDays);
            db.Enqueue(now, Outbox.WorkerRecipient, worker.Id, "membership.claim_submitted", claim.Id, "submitted", "会籍认领已提交", view.Message,
                $"pages/membership/claim?id={claim.Id}", new Dictionary<string, string>
                {
                    ["status"] = view.StatusText,
                    ["time"] = ChinaTime.ToChina(now).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
                });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("membership.claim_conflict", "刚才有其他操作同时进行，请稍后重新提交");
        }
        catch (DbUpdateException)
        {
            // A second claim of this worker committed first (one open claim per worker), or the worker became a member meanwhile.
            throw DomainException.Conflict("membership.claim_open", "您已提交会籍认领或已是会员，请刷新后查看进度");
        }

        var membership = exact ? new ClaimedMembership(candidate!.Number, candidate.ExternalNumber, unionName!, candidate.JoinedOn) : null;
        return TypedResults.Created($"/api/membership/claims/{claim.Id}", ToView(claim, membership, options.Value.ReviewWorkingDays));
    }

    public static async Task<Ok<IReadOnlyList<ClaimView>>> Mine(HttpContext http, AppDbContext db, IOptions<MembershipClaimOptions> options, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var rows = await db.MembershipClaims.AsNoTracking().Where(c => c.WorkerId == workerId)
            .OrderByDescending(c => c.SubmittedAt).Take(20)
            .Select(c => new
            {
                Claim = c,
                Member = db.Members.Where(m => m.Id == c.MemberId)
                    .Select(m => new { m.Number, m.ExternalNumber, m.JoinedOn, Union = db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Name).Single() })
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);
        IReadOnlyList<ClaimView> views = rows.Select(r => ToView(r.Claim,
            r.Claim.Status == ClaimStatus.Linked && r.Member is { } m ? new ClaimedMembership(m.Number, m.ExternalNumber, m.Union, m.JoinedOn) : null,
            options.Value.ReviewWorkingDays)).ToList();
        return TypedResults.Ok(views);
    }

    /// <summary>
    /// Built only from what every claim has alike (its id, submission time, due date) and the visible status, so two pending
    /// claims differ in nothing else — whether or not a record was found or an officer already refused.
    /// </summary>
    internal static ClaimView ToView(MembershipClaim claim, ClaimedMembership? membership, int workingDays)
    {
        var visible = claim.VisibleStatus;
        var (progress, message, resolvedAt) = visible switch
        {
            ClaimStatus.Linked => (Progress.Linked,
                $"认领成功：您是“{membership?.UnionName}”会员，会员号 {membership?.MembershipNumber}。可在“我的会员卡”中查看电子会员卡。", claim.DecidedAt),
            ClaimStatus.Unverified => (Progress.Unverified, MembershipClaim.UnverifiedText, (DateTime?)claim.ResolvesAt),
            _ => (Progress.Pending,
                $"已提交核对，所属工会将在 {workingDays} 个工作日内（{claim.DueOn.ToString("M月d日", CultureInfo.InvariantCulture)}前）核对。核对结果会通知您，也可在此查看进度。",
                (DateTime?)null),
        };
        return new ClaimView(claim.Id, progress, MembershipClaim.Names.Worker(visible), message, claim.SubmittedAt, claim.DueOn, resolvedAt,
            visible == ClaimStatus.Linked ? membership : null);
    }

    /// <summary>Only about the worker: already a member, an application in progress, a claim in progress.</summary>
    private static async Task RequireNothingOpenAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        if (await db.Members.AnyAsync(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active, ct))
        {
            throw DomainException.Conflict("membership.already_member", "您已经是工会会员，可在“我的会员卡”中查看电子会员卡");
        }

        if (await db.MembershipApplications.AnyAsync(a => a.WorkerId == workerId && MembershipApplication.OpenStatuses.Contains(a.Status), ct))
        {
            throw DomainException.Conflict("membership.application_open", "您有一份正在办理的入会申请：请等待审核结果，或撤回申请后再认领会籍");
        }

        if (await db.MembershipClaims.AnyAsync(c => c.WorkerId == workerId && MembershipClaim.OpenStatuses.Contains(c.Status), ct))
        {
            throw DomainException.Conflict("membership.claim_open", "您已提交会籍认领，正在核对中，请等待结果");
        }
    }
}

/// <summary>Linking an imported membership to a worker, as a claim (at once or approved) or an approved join application does it.</summary>
internal static class MembershipLinks
{
    public const string ClaimedKind = "membership.claimed";

    public static void Link(AppDbContext db, Member member, Guid workerId, string phoneHash, string unionName, string actorType, Guid actorId, DateTime now)
    {
        member.ClaimBy(workerId, phoneHash, now);
        db.Record(now, actorType, actorId, nameof(Member), member.Id, "membership.member.claimed", "Unclaimed", "Claimed",
            member.ExternalNumber is null ? null : $"原会员证号 {member.ExternalNumber}", member.UnionId);
        var external = member.ExternalNumber is null ? "" : $"（原会员证号 {member.ExternalNumber}）";
        db.Enqueue(now, Outbox.WorkerRecipient, workerId, ClaimedKind, member.Id, "claimed", "会籍认领成功",
            $"您在“{unionName}”的会籍已认领：会员号 {member.Number}{external}，入会日期 {member.JoinedOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}。可在“我的会员卡”中查看电子会员卡。",
            "pages/membership/card", new Dictionary<string, string>
            {
                ["union"] = unionName,
                ["status"] = "已认领",
                ["time"] = ChinaTime.ToChina(now).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
            });
    }
}
