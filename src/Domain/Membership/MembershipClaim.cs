using Changai.Domain.Common;
using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Membership;

public enum ClaimStatus
{
    /// <summary>核对中: waiting for the candidate's union, or for the resolution date when there is no candidate.</summary>
    Pending,
    /// <summary>An officer refused; the worker still sees 核对中 until <see cref="MembershipClaim.ResolvesAt"/> (docs/decisions.md).</summary>
    RefusedByOfficer,
    /// <summary>已认领: the membership is the worker's.</summary>
    Linked,
    /// <summary>未通过: published at <see cref="MembershipClaim.ResolvesAt"/> for every claim that was not linked by then.</summary>
    Unverified,
}

/// <summary>
/// A worker's claim to a membership the union already had (认领会籍). Keeps a snapshot of what the worker claimed with
/// (name, ID number and phone, encrypted like a join application's). A claim whose ID number and phone both match an
/// unclaimed imported member is linked at once. Every other claim looks the same to the worker — 核对中 until
/// <see cref="ResolvesAt"/>, then 未通过 unless an officer linked it — whether or not a record with that ID number exists:
/// a claim with a candidate is in that union's queue meanwhile, one without simply waits.
/// </summary>
public sealed class MembershipClaim
{
    public static readonly ClaimStatus[] OpenStatuses = [ClaimStatus.Pending, ClaimStatus.RefusedByOfficer];

    /// <summary>The one outcome text a worker reads for every claim that was not linked, whatever the reason.</summary>
    public const string UnverifiedText = "所属工会未能核实您的会籍信息。如您确为工会会员，请携带身份证到会籍所在工会办理，或通过“申请入会”加入工会。";

    public Guid Id { get; init; }

    public Guid WorkerId { get; init; }

    public required string ClaimantName { get; init; }

    public required string IdNumberCipher { get; set; }

    public required string IdNumberHash { get; init; }

    public required string PhoneCipher { get; set; }

    public required string PhoneHash { get; init; }

    /// <summary>The unclaimed imported member with the claimant's ID number, if there was one (then <see cref="UnionId"/> is its union).</summary>
    public Guid? CandidateMemberId { get; init; }

    /// <summary>The candidate's union: whose officers see the claim. Null when there was no candidate.</summary>
    public Guid? UnionId { get; init; }

    public ClaimStatus Status { get; private set; }

    public DateTime SubmittedAt { get; init; }

    /// <summary>When a claim not linked by then is published as 未通过: the same rule for every claim.</summary>
    public DateTime ResolvesAt { get; init; }

    /// <summary>Linked, refused by an officer, or published as unverified.</summary>
    public DateTime? DecidedAt { get; private set; }

    public Guid? ReviewedByOfficerId { get; private set; }

    /// <summary>The officer's reason for refusing: kept for the union and the audit trail, never shown to the worker.</summary>
    public string? OfficerReason { get; private set; }

    /// <summary>The membership linked to the worker.</summary>
    public Guid? MemberId { get; private set; }

    public int Version { get; set; }

    public bool IsOpen => OpenStatuses.Contains(Status);

    /// <summary>What the worker may see: an officer's refusal stays 核对中 until the resolution date.</summary>
    public ClaimStatus VisibleStatus => Status == ClaimStatus.RefusedByOfficer ? ClaimStatus.Pending : Status;

    public void Link(Guid memberId, Guid? officerId, DateTime now)
    {
        EnsurePending("认领");
        Status = ClaimStatus.Linked;
        MemberId = memberId;
        ReviewedByOfficerId = officerId;
        DecidedAt = now;
    }

    public void Refuse(Guid officerId, string reason, DateTime now)
    {
        EnsurePending("核对");
        Status = ClaimStatus.RefusedByOfficer;
        ReviewedByOfficerId = officerId;
        OfficerReason = reason;
        DecidedAt = now;
    }

    /// <summary>The resolution date passed without a link: the claim ends as 未通过, told to the worker the same way in every case.</summary>
    public void Resolve(DateTime now)
    {
        if (!IsOpen)
        {
            throw Invalid("结束");
        }

        Status = ClaimStatus.Unverified;
        DecidedAt ??= now;
    }

    /// <summary>
    /// The resolution time of a claim submitted at <paramref name="submittedAt"/>: the start of the day after the
    /// <paramref name="workingDays"/>-th working day (Monday to Friday, Beijing time) after the submission date.
    /// </summary>
    public static DateTime ResolutionTime(DateTime submittedAt, int workingDays)
    {
        var day = ChinaTime.DateOf(submittedAt);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                counted++;
            }
        }

        return TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Zone);
    }

    /// <summary>The last day of the review, as a worker reads it (<c>M月d日前</c> means up to and including this day).</summary>
    public DateOnly DueOn => ChinaTime.DateOf(ResolvesAt).AddDays(-1);

    private void EnsurePending(string action)
    {
        if (Status != ClaimStatus.Pending)
        {
            throw Invalid(action);
        }
    }

    private DomainException Invalid(string action) =>
        DomainException.Conflict("membership.claim_already_decided", $"该认领申请当前状态为“{Names.Of(Status)}”，不能{action}");

    public static class Names
    {
        /// <summary>The officer's wording; workers read <see cref="Worker"/>.</summary>
        public static string Of(ClaimStatus status) => status switch
        {
            ClaimStatus.Pending => "待核对",
            ClaimStatus.RefusedByOfficer => "已不予认领（待到期告知）",
            ClaimStatus.Linked => "已认领",
            ClaimStatus.Unverified => "已结束（未通过）",
            _ => status.ToString(),
        };

        public static string Worker(ClaimStatus visible) => visible switch
        {
            ClaimStatus.Linked => "已认领",
            ClaimStatus.Unverified => "未通过",
            _ => "核对中",
        };
    }
}

internal sealed class MembershipClaimMapping : IEntityTypeConfiguration<MembershipClaim>
{
    internal const string OpenFilter = "\"Status\" IN ('Pending', 'RefusedByOfficer')";

    public void Configure(EntityTypeBuilder<MembershipClaim> e)
    {
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.ClaimantName).HasMaxLength(64);
        e.Property(x => x.OfficerReason).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.IsOpen);
        e.Ignore(x => x.VisibleStatus);
        e.Ignore(x => x.DueOn);
        // One open claim per worker, even when two submissions race.
        e.HasIndex(x => x.WorkerId).IsUnique().HasFilter(OpenFilter).HasDatabaseName("IX_MembershipClaims_WorkerId_Open");
        e.HasIndex(x => new { x.UnionId, x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.Status, x.ResolvesAt });
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.CandidateMemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organizations.Union>().WithMany().HasForeignKey(x => x.UnionId).OnDelete(DeleteBehavior.Restrict);
    }
}
