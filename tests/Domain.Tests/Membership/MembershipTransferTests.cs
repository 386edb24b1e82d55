using Changai.Domain.Common;
using Changai.Domain.Membership;

namespace Changai.Domain.Tests.Membership;

public sealed class MembershipTransferTests
{
    private static readonly DateTime RequestedAt = new(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = RequestedAt.AddDays(2);
    private static readonly Guid Officer = Guid.NewGuid();

    private static MembershipTransfer Pending() => new()
    {
        Id = Guid.NewGuid(),
        MemberId = Guid.NewGuid(),
        WorkerId = Guid.NewGuid(),
        FromUnionId = Guid.NewGuid(),
        ToUnionId = Guid.NewGuid(),
        Reason = "工作调动到曲靖",
        RequestedAt = RequestedAt,
        FromNumber = "5301-20261121-530102001-00001",
    };

    private static MembershipTransfer In(TransferStatus status)
    {
        var transfer = Pending();
        switch (status)
        {
            case TransferStatus.Approved:
                transfer.Approve(Officer, "5303-20261121-530302001-00001", Later);
                break;
            case TransferStatus.Rejected:
                transfer.Reject(Officer, "不在本工会服务范围", Later);
                break;
            case TransferStatus.Withdrawn:
                transfer.Withdraw(Later);
                break;
        }

        Assert.Equal(status, transfer.Status);
        return transfer;
    }

    public static TheoryData<TransferStatus> Decided => [TransferStatus.Approved, TransferStatus.Rejected, TransferStatus.Withdrawn];

    private static void AssertRefused(MembershipTransfer transfer, Action<MembershipTransfer> action)
    {
        var before = transfer.Status;

        var error = Assert.Throws<DomainException>(() => action(transfer));

        Assert.Equal("membership.transfer_invalid_state", error.Code);
        Assert.Equal(DomainErrorKind.Conflict, error.Kind);
        Assert.Contains(StatusNames.Of(before), error.Message);
        Assert.Equal(before, transfer.Status);
    }

    [Fact]
    public void Approving_a_pending_transfer_gives_the_new_number_and_keeps_the_old_one()
    {
        var transfer = Pending();

        transfer.Approve(Officer, "5303-20261121-530302001-00001", Later);

        Assert.Equal(TransferStatus.Approved, transfer.Status);
        Assert.Equal("5303-20261121-530302001-00001", transfer.ToNumber);
        Assert.Equal("5301-20261121-530102001-00001", transfer.FromNumber);
        Assert.Equal(Officer, transfer.ReviewedByOfficerId);
        Assert.Equal(Later, transfer.DecidedAt);
    }

    [Fact]
    public void Rejecting_a_pending_transfer_gives_the_reason_and_no_new_number()
    {
        var transfer = Pending();

        transfer.Reject(Officer, "不在本工会服务范围", Later);

        Assert.Equal(TransferStatus.Rejected, transfer.Status);
        Assert.Equal("不在本工会服务范围", transfer.ReviewComment);
        Assert.Null(transfer.ToNumber);
    }

    [Fact]
    public void Worker_can_withdraw_a_pending_transfer()
    {
        var transfer = Pending();

        transfer.Withdraw(Later);

        Assert.Equal(TransferStatus.Withdrawn, transfer.Status);
        Assert.Equal(Later, transfer.DecidedAt);
    }

    [Theory]
    [MemberData(nameof(Decided))]
    public void Approving_is_refused_once_decided(TransferStatus status)
    {
        AssertRefused(In(status), t => t.Approve(Officer, "5303-20261121-530302001-00002", Later.AddHours(1)));
    }

    [Theory]
    [MemberData(nameof(Decided))]
    public void Rejecting_is_refused_once_decided(TransferStatus status)
    {
        AssertRefused(In(status), t => t.Reject(Officer, "理由", Later.AddHours(1)));
    }

    [Theory]
    [MemberData(nameof(Decided))]
    public void Withdrawing_is_refused_once_decided(TransferStatus status)
    {
        AssertRefused(In(status), t => t.Withdraw(Later.AddHours(1)));
    }

    [Fact]
    public void Withdrawing_after_approval_leaves_the_new_number_in_place()
    {
        var transfer = In(TransferStatus.Approved);

        Assert.Throws<DomainException>(() => transfer.Withdraw(Later.AddHours(1)));

        Assert.Equal("5303-20261121-530302001-00001", transfer.ToNumber);
        Assert.Equal(Later, transfer.DecidedAt);
    }
}
