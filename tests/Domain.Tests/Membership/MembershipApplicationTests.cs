using Changai.Domain.Common;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;

namespace Changai.Domain.Tests.Membership;

public sealed class MembershipApplicationTests
{
    private static readonly DateTime SubmittedAt = new(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = SubmittedAt.AddHours(3);
    private static readonly Guid Officer = Guid.NewGuid();

    private static MembershipApplication Submitted() => new()
    {
        Id = Guid.NewGuid(),
        WorkerId = Guid.NewGuid(),
        UnionId = Guid.NewGuid(),
        Channel = JoinChannel.EmployerUnion,
        ApplicantName = "张三",
        IdNumberCipher = "k1:cipher",
        IdNumberHash = "id-hash",
        PhoneCipher = "k1:cipher",
        PhoneHash = "phone-hash",
        CreatedAt = SubmittedAt,
        SubmittedAt = SubmittedAt,
    };

    /// <summary>An application brought into <paramref name="status"/> through the worker's and officer's own actions.</summary>
    private static MembershipApplication In(ApplicationStatus status)
    {
        var application = Submitted();
        switch (status)
        {
            case ApplicationStatus.Submitted:
                break;
            case ApplicationStatus.Returned:
                application.Return(Officer, "请补充单位名称", Later);
                break;
            case ApplicationStatus.Approved:
                application.Approve(Officer, Guid.NewGuid(), Later);
                break;
            case ApplicationStatus.Rejected:
                application.Reject(Officer, "非本单位职工", Later);
                break;
            case ApplicationStatus.Withdrawn:
                application.Withdraw(Later);
                break;
        }

        Assert.Equal(status, application.Status);
        return application;
    }

    private static void AssertInvalidState(MembershipApplication application, Action<MembershipApplication> action)
    {
        var before = application.Status;

        var error = Assert.Throws<DomainException>(() => action(application));

        Assert.Equal("membership.invalid_state", error.Code);
        Assert.Equal(DomainErrorKind.Conflict, error.Kind);
        Assert.Contains(StatusNames.Of(before), error.Message);
        Assert.Equal(before, application.Status);
    }

    public static TheoryData<ApplicationStatus> NotSubmitted =>
        [ApplicationStatus.Returned, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn];

    public static TheoryData<ApplicationStatus> NotReturned =>
        [ApplicationStatus.Submitted, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn];

    public static TheoryData<ApplicationStatus> Closed =>
        [ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn];

    [Fact]
    public void A_new_application_waits_for_review()
    {
        var application = Submitted();

        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.True(application.IsOpen);
        Assert.Null(application.DecidedAt);
    }

    [Fact]
    public void Approving_a_submitted_application_records_the_officer_and_the_membership()
    {
        var application = Submitted();
        var membership = Guid.NewGuid();

        application.Approve(Officer, membership, Later);

        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.False(application.IsOpen);
        Assert.Equal(membership, application.MembershipId);
        Assert.Equal(Officer, application.ReviewedByOfficerId);
        Assert.Equal(Later, application.DecidedAt);
    }

    [Fact]
    public void Rejecting_a_submitted_application_gives_the_worker_the_reason()
    {
        var application = Submitted();

        application.Reject(Officer, "非本单位职工", Later);

        Assert.Equal(ApplicationStatus.Rejected, application.Status);
        Assert.False(application.IsOpen);
        Assert.Equal("非本单位职工", application.ReviewComment);
        Assert.Null(application.MembershipId);
    }

    [Fact]
    public void Returned_application_stays_open_and_carries_the_reason()
    {
        var application = Submitted();

        application.Return(Officer, "请补充单位名称", Later);

        Assert.Equal(ApplicationStatus.Returned, application.Status);
        Assert.True(application.IsOpen);
        Assert.Equal("请补充单位名称", application.ReviewComment);
    }

    [Fact]
    public void Corrected_application_can_be_resubmitted_and_then_approved()
    {
        var application = In(ApplicationStatus.Returned);
        var resubmittedAt = Later.AddDays(1);

        application.Resubmit(resubmittedAt);

        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Equal(resubmittedAt, application.SubmittedAt);
        Assert.Null(application.DecidedAt);

        application.Approve(Officer, Guid.NewGuid(), resubmittedAt.AddHours(1));
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Null(application.ReviewComment);
    }

    [Theory]
    [InlineData(ApplicationStatus.Submitted)]
    [InlineData(ApplicationStatus.Returned)]
    public void Worker_can_withdraw_an_open_application(ApplicationStatus status)
    {
        var application = In(status);

        application.Withdraw(Later.AddHours(1));

        Assert.Equal(ApplicationStatus.Withdrawn, application.Status);
        Assert.False(application.IsOpen);
        Assert.Equal(Later.AddHours(1), application.DecidedAt);
    }

    [Theory]
    [MemberData(nameof(NotSubmitted))]
    public void Approving_is_refused_unless_the_application_is_submitted(ApplicationStatus status)
    {
        AssertInvalidState(In(status), a => a.Approve(Officer, Guid.NewGuid(), Later));
    }

    [Theory]
    [MemberData(nameof(NotSubmitted))]
    public void Rejecting_is_refused_unless_the_application_is_submitted(ApplicationStatus status)
    {
        AssertInvalidState(In(status), a => a.Reject(Officer, "理由", Later));
    }

    [Theory]
    [MemberData(nameof(NotSubmitted))]
    public void Returning_is_refused_unless_the_application_is_submitted(ApplicationStatus status)
    {
        AssertInvalidState(In(status), a => a.Return(Officer, "理由", Later));
    }

    [Theory]
    [MemberData(nameof(NotReturned))]
    public void Resubmitting_is_refused_unless_the_application_was_returned(ApplicationStatus status)
    {
        AssertInvalidState(In(status), a => a.Resubmit(Later));
    }

    [Theory]
    [MemberData(nameof(Closed))]
    public void Withdrawing_is_refused_once_the_application_is_closed(ApplicationStatus status)
    {
        AssertInvalidState(In(status), a => a.Withdraw(Later));
    }

    [Fact]
    public void Approval_by_a_second_officer_does_not_overwrite_the_first()
    {
        var application = Submitted();
        var firstMembership = Guid.NewGuid();
        application.Approve(Officer, firstMembership, Later);

        Assert.Throws<DomainException>(() => application.Approve(Guid.NewGuid(), Guid.NewGuid(), Later.AddMinutes(1)));

        Assert.Equal(firstMembership, application.MembershipId);
        Assert.Equal(Officer, application.ReviewedByOfficerId);
        Assert.Equal(Later, application.DecidedAt);
    }
}
