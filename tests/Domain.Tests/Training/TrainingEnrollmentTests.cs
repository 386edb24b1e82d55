using Changai.Domain.Common;
using Changai.Domain.Training;

namespace Changai.Domain.Tests.Training;

public sealed class TrainingEnrollmentTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Deadline = Now.AddHours(6);

    private static TrainingEnrollment Seat() => TrainingEnrollment.WithSeat(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now);

    private static TrainingEnrollment Waiting(int position = 3) => TrainingEnrollment.OnWaitlist(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), position, false, Now);

    [Fact]
    public void A_seat_can_be_given_up_until_the_cancellation_deadline_and_not_after()
    {
        var early = Seat();
        early.Cancel(Deadline, Deadline);
        Assert.Equal(EnrollmentStatus.Cancelled, early.Status);
        Assert.False(early.IsActive);

        var late = Seat();
        var error = Assert.Throws<DomainException>(() => late.Cancel(Deadline, Deadline.AddMinutes(1)));
        Assert.Equal("training.cancellation_closed", error.Code);
        Assert.Equal(EnrollmentStatus.Confirmed, late.Status);
    }

    [Fact]
    public void Leaving_the_waitlist_is_possible_after_the_deadline_because_it_frees_no_seat()
    {
        var waiting = Waiting();
        waiting.Cancel(Deadline, Deadline.AddHours(1));
        Assert.Equal(EnrollmentStatus.Cancelled, waiting.Status);
    }

    [Fact]
    public void An_offer_is_confirmed_within_its_window_and_refused_after_it()
    {
        var offered = Waiting();
        offered.Offer(Now.AddHours(12), Now);
        Assert.True(offered.HoldsSeat);
        offered.ConfirmOffer(Now.AddHours(12));
        Assert.Equal(EnrollmentStatus.Confirmed, offered.Status);
        Assert.Equal(3, offered.WaitlistPosition);

        var late = Waiting();
        late.Offer(Now.AddHours(12), Now);
        Assert.Equal("training.offer_expired", Assert.Throws<DomainException>(() => late.ConfirmOffer(Now.AddHours(12).AddSeconds(1))).Code);
        late.ExpireOffer(Now.AddHours(13));
        Assert.Equal(EnrollmentStatus.OfferExpired, late.Status);
        Assert.False(late.HoldsSeat);
    }

    [Fact]
    public void Only_a_confirmed_seat_checks_in_by_qr_code_and_twice_changes_nothing()
    {
        var waiting = Waiting();
        Assert.Equal("training.not_confirmed", Assert.Throws<DomainException>(() => waiting.CheckIn(CheckInMethod.QrCode, null, Now)).Code);
        var offered = Waiting();
        offered.Offer(Now.AddHours(1), Now);
        Assert.Equal("training.not_confirmed", Assert.Throws<DomainException>(() => offered.CheckIn(CheckInMethod.QrCode, null, Now)).Code);

        var seat = Seat();
        Assert.True(seat.CheckIn(CheckInMethod.QrCode, null, Now));
        Assert.False(seat.CheckIn(CheckInMethod.QrCode, null, Now.AddMinutes(5)));
        Assert.Equal(Now, seat.CheckedInAt);
    }

    [Fact]
    public void An_officer_can_correct_a_no_show_but_the_worker_cannot_scan_after_being_marked()
    {
        var absent = Seat();
        absent.MarkNoShow(Now);
        Assert.True(absent.HoldsSeat);
        Assert.Throws<DomainException>(() => absent.CheckIn(CheckInMethod.QrCode, null, Now));
        var officer = Guid.NewGuid();
        Assert.True(absent.CheckIn(CheckInMethod.Manual, officer, Now));
        Assert.Equal(EnrollmentStatus.CheckedIn, absent.Status);
        Assert.Equal(officer, absent.CheckedInByOfficerId);
    }

    [Fact]
    public void A_cancelled_session_ends_every_active_enrolment_and_leaves_ended_ones_alone()
    {
        var seat = Seat();
        var gone = Seat();
        gone.Cancel(Deadline, Now);
        seat.CancelWithSession(Now);
        gone.CancelWithSession(Now);
        Assert.Equal(EnrollmentStatus.SessionCancelled, seat.Status);
        Assert.Equal(EnrollmentStatus.Cancelled, gone.Status);
    }
}
