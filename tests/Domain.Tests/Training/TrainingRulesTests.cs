using Changai.Domain.Common;
using Changai.Domain.Organizations;
using Changai.Domain.Training;

namespace Changai.Domain.Tests.Training;

public sealed class TrainingRulesTests
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();

    [Fact]
    public void A_course_is_completed_only_when_every_held_session_was_attended()
    {
        Assert.True(TrainingRules.IsCompleted([First, Second], [First, Second]));
        Assert.False(TrainingRules.IsCompleted([First, Second], [First]));
        Assert.True(TrainingRules.IsCompleted([First], [First, Second])); // the second session was cancelled: not required
        Assert.False(TrainingRules.IsCompleted([], [First]));             // every session cancelled: nothing to complete
    }

    [Theory]
    [InlineData(0, 2, false)]
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(5, 2, true)]
    [InlineData(1, 1, true)]
    public void Waitlist_priority_is_lost_at_the_threshold(int noShows, int threshold, bool loses) =>
        Assert.Equal(loses, TrainingRules.LosesWaitlistPriority(noShows, threshold));

    [Fact]
    public void An_offer_is_held_for_the_window_but_never_past_the_start()
    {
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(now.AddHours(12), TrainingRules.OfferDeadline(now, TimeSpan.FromHours(12), now.AddDays(2)));
        Assert.Equal(now.AddHours(3), TrainingRules.OfferDeadline(now, TimeSpan.FromHours(12), now.AddHours(3)));
    }

    [Theory]
    [InlineData("530000", "53")]
    [InlineData("530100", "5301")]
    [InlineData("530111", "530111")]
    [InlineData("530300", "5303")]
    public void A_course_is_held_where_its_organising_union_serves(string unionRegion, string courseRegion)
    {
        var union = new Union { Code = "x", Name = "x", Path = "/x/", RegionCode = unionRegion, PrefectureCode = unionRegion[..4] };
        Assert.Equal(courseRegion, TrainingCourse.RegionOf(union));
    }

    [Fact]
    public void A_region_filter_also_finds_courses_held_above_it() =>
        Assert.Equal(["53", "5301", "530111"], TrainingCourse.RegionAndAbove("530111"));

    [Fact]
    public void A_course_is_published_with_at_least_one_session_and_closed_only_once_published()
    {
        var course = new TrainingCourse { Title = "茶艺师培训", Provider = "普洱", RegionCode = "5308", Description = "茶艺" };
        Assert.Equal("training.course_without_sessions", Assert.Throws<DomainException>(() => course.Publish(0, DateTime.UtcNow)).Code);
        Assert.Equal("training.course_invalid_state", Assert.Throws<DomainException>(() => course.Close(DateTime.UtcNow)).Code);
        course.Publish(1, DateTime.UtcNow);
        Assert.Equal(CourseStatus.Published, course.Status);
        course.Close(DateTime.UtcNow);
        Assert.Equal("training.course_closed", Assert.Throws<DomainException>(course.EnsureEditable).Code);
    }
}
