using Changai.Domain.Common;

namespace Changai.Domain.Membership;

public enum TransferStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>A request to move a membership to another union (会籍转移), decided by an officer of the receiving union.</summary>
public sealed class MembershipTransfer
{
    public Guid Id { get; init; }

    public Guid MemberId { get; init; }

    public Guid WorkerId { get; init; }

    public Guid FromUnionId { get; init; }

    public Guid ToUnionId { get; init; }

    public required string Reason { get; init; }

    public TransferStatus Status { get; private set; }

    public DateTime RequestedAt { get; init; }

    public DateTime? DecidedAt { get; private set; }

    public Guid? ReviewedByOfficerId { get; private set; }

    public string? ReviewComment { get; private set; }

    public required string FromNumber { get; init; }

    public string? ToNumber { get; private set; }

    public int Version { get; set; }

    public void Approve(Guid officerId, string newNumber, DateTime now)
    {
        EnsurePending();
        Status = TransferStatus.Approved;
        ReviewedByOfficerId = officerId;
        ToNumber = newNumber;
        DecidedAt = now;
    }

    public void Reject(Guid officerId, string reason, DateTime now)
    {
        EnsurePending();
        Status = TransferStatus.Rejected;
        ReviewedByOfficerId = officerId;
        ReviewComment = reason;
        DecidedAt = now;
    }

    public void Withdraw(DateTime now)
    {
        EnsurePending();
        Status = TransferStatus.Withdrawn;
        DecidedAt = now;
    }

    private void EnsurePending()
    {
        if (Status != TransferStatus.Pending)
        {
            throw DomainException.Conflict("membership.transfer_invalid_state", $"转移申请当前状态为“{StatusNames.Of(Status)}”，不能再处理");
        }
    }
}
