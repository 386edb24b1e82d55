using Changai.Domain.Training;

namespace Changai.Domain.Tests.Training;

public sealed class SessionTimesTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Start = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc); // 09:00 in Kunming

    [Fact]
    public void Defaults_open_enrolment_now_allow_cancelling_until_a_day_before_and_check_in_around_the_start()
    {
        var times = SessionTimes.WithDefaults(Start, Start.AddHours(6), null, null, null, null, null, Now);
        Assert.Equal(Now, times.EnrollmentOpensAt);
        Assert.Equal(Start, times.EnrollmentClosesAt);
        Assert.Equal(Start.AddHours(-24), times.CancellationDeadline);
        Assert.Equal(Start.AddMinutes(-30), times.CheckInOpensAt);
        Assert.Equal(Start.AddMinutes(30), times.CheckInClosesAt);
        Assert.Empty(times.Problems());
    }

    [Fact]
    public void A_session_soon_after_creation_keeps_defaults_consistent()
    {
        var soon = Now.AddHours(3);
        var times = SessionTimes.WithDefaults(soon, soon.AddMinutes(20), null, null, null, null, null, Now);
        Assert.Equal(Now, times.CancellationDeadline);          // not before enrolment opens
        Assert.Equal(soon.AddMinutes(20), times.CheckInClosesAt); // not after the end
        Assert.Empty(times.Problems());
    }

    [Fact]
    public void Inconsistent_times_are_reported_by_field()
    {
        var times = new SessionTimes(Start, Start.AddHours(-1), Now, Start.AddHours(1), Start.AddHours(1), Start.AddDays(-2), Start.AddDays(-3));
        var fields = times.Problems().Select(p => p.Field).ToList();
        Assert.Equal(["endsAt", "enrollmentClosesAt", "cancellationDeadline", "checkInClosesAt", "checkInOpensAt"], fields);
        Assert.All(times.Problems(), p => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", p.Message));
    }

    [Fact]
    public void A_session_longer_than_a_month_is_refused()
    {
        var times = SessionTimes.WithDefaults(Start, Start.AddDays(40), null, null, null, null, null, Now);
        Assert.Contains(times.Problems(), p => p.Field == "endsAt");
    }
}
