using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class StreaksTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    [Fact]
    public void Answered_today_and_the_two_days_before_is_a_streak_of_three()
    {
        Assert.Equal((3, 3), Streaks.Of([Today, Today.AddDays(-1), Today.AddDays(-2)], Today));
    }

    [Fact]
    public void A_streak_ending_yesterday_is_still_alive_today_but_one_ending_earlier_is_broken()
    {
        Assert.Equal((2, 2), Streaks.Of([Today.AddDays(-1), Today.AddDays(-2)], Today));
        Assert.Equal((0, 2), Streaks.Of([Today.AddDays(-2), Today.AddDays(-3)], Today));
    }

    [Fact]
    public void The_longest_run_is_remembered_and_duplicates_do_not_count()
    {
        DateOnly[] days = [Today.AddDays(-10), Today.AddDays(-9), Today.AddDays(-8), Today.AddDays(-8), Today.AddDays(-7), Today];

        Assert.Equal((1, 4), Streaks.Of(days, Today));
        Assert.Equal((0, 0), Streaks.Of([], Today));
    }
}
