using Changai.Domain.Common;
using Changai.Domain.Organizations;

namespace Changai.Domain.Membership;

public enum ApplicationStatus
{
    /// <summary>已提交，待审核</summary>
    Submitted,
    /// <summary>已退回修改</summary>
    Returned,
    Approved,
    Rejected,
    /// <summary>本人撤回</summary>
    Withdrawn,
}

/// <summary>
/// A join application (入会申请). Holds a snapshot of what the worker submitted, so the officer reviews exactly that.
/// At most one is open (submitted or returned) per worker: a filtered unique index enforces it.
/// </summary>
public sealed class MembershipApplication
{
    public static readonly ApplicationStatus[] OpenStatuses = [ApplicationStatus.Submitted, ApplicationStatus.Returned];

    public Guid Id { get; init; }

    public Guid WorkerId { get; init; }

    public Guid UnionId { get; set; }

    public JoinChannel Channel { get; set; }

    public ApplicationStatus Status { get; private set; }

    public string? Note { get; set; }

    public required string ApplicantName { get; set; }

    public required string IdNumberCipher { get; set; }

    public required string IdNumberHash { get; set; }

    public required string PhoneCipher { get; set; }

    public required string PhoneHash { get; set; }

    public string? Employer { get; set; }

    public string? Occupation { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime SubmittedAt { get; set; }

    public DateTime? DecidedAt { get; private set; }

    public Guid? ReviewedByOfficerId { get; private set; }

    /// <summary>The officer's reason for rejecting or returning; shown to the worker.</summary>
    public string? ReviewComment { get; private set; }

    public Guid? MembershipId { get; private set; }

    public int Version { get; set; }

    public bool IsOpen => OpenStatuses.Contains(Status);

    public void Approve(Guid officerId, Guid membershipId, DateTime now)
    {
        EnsureStatus(ApplicationStatus.Submitted, "审核");
        Status = ApplicationStatus.Approved;
        ReviewedByOfficerId = officerId;
        MembershipId = membershipId;
        ReviewComment = null;
        DecidedAt = now;
    }

    public void Reject(Guid officerId, string reason, DateTime now)
    {
        EnsureStatus(ApplicationStatus.Submitted, "审核");
        Status = ApplicationStatus.Rejected;
        ReviewedByOfficerId = officerId;
        ReviewComment = reason;
        DecidedAt = now;
    }

    public void Return(Guid officerId, string reason, DateTime now)
    {
        EnsureStatus(ApplicationStatus.Submitted, "退回");
        Status = ApplicationStatus.Returned;
        ReviewedByOfficerId = officerId;
        ReviewComment = reason;
        DecidedAt = now;
    }

    public void Resubmit(DateTime now)
    {
        EnsureStatus(ApplicationStatus.Returned, "重新提交");
        Status = ApplicationStatus.Submitted;
        SubmittedAt = now;
        DecidedAt = null;
    }

    public void Withdraw(DateTime now)
    {
        if (!IsOpen)
        {
            throw Invalid("撤回");
        }

        Status = ApplicationStatus.Withdrawn;
        DecidedAt = now;
    }

    private void EnsureStatus(ApplicationStatus expected, string action)
    {
        if (Status != expected)
        {
            throw Invalid(action);
        }
    }

    private DomainException Invalid(string action) =>
        DomainException.Conflict("membership.invalid_state", $"申请当前状态为“{StatusNames.Of(Status)}”，不能{action}");
}

public static class StatusNames
{
    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "待审核",
        ApplicationStatus.Returned => "已退回修改",
        ApplicationStatus.Approved => "已通过",
        ApplicationStatus.Rejected => "未通过",
        ApplicationStatus.Withdrawn => "已撤回",
        _ => status.ToString(),
    };

    public static string Of(TransferStatus status) => status switch
    {
        TransferStatus.Pending => "待接收工会审核",
        TransferStatus.Approved => "已转入",
        TransferStatus.Rejected => "未通过",
        TransferStatus.Withdrawn => "已撤回",
        _ => status.ToString(),
    };
}
