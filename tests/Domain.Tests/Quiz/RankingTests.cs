using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class RankingTests
{
    private static readonly DateTime Opens = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);

    private static long Key(int score, double finishMinutes, int durationMs) => Ranking.KeyOf(score, Opens.AddMinutes(finishMinutes), Opens, durationMs);

    [Fact]
    public void A_higher_score_ranks_first_however_late_and_slow()
    {
        Assert.True(Key(90, 60 * 24 * 80, 3_600_000) > Key(80, 1, 10_000));
    }

    [Fact]
    public void On_equal_scores_the_earlier_finish_ranks_first_even_if_slower()
    {
        Assert.True(Key(90, 10, 500_000) > Key(90, 11, 20_000));
    }

    [Fact]
    public void On_equal_score_and_finish_the_shorter_duration_ranks_first()
    {
        Assert.True(Key(90, 10, 20_000) > Key(90, 10, 21_000));
    }

    [Fact]
    public void Keys_are_exact_in_a_redis_double_and_carry_the_score()
    {
        var best = Key(100, 0, 0);
        Assert.True(best < 1L << 53);
        Assert.Equal(best, (long)(double)best);
        Assert.Equal(100, Ranking.ScoreOf(best));
        Assert.Equal(37, Ranking.ScoreOf(Key(37, 12345, 98765)));
    }

    [Fact]
    public void Finishes_within_10_ms_and_durations_within_100_ms_tie_the_same_way_in_sql_and_redis()
    {
        Assert.Equal(Ranking.KeyOf(80, Opens.AddMilliseconds(1001), Opens, 5050), Ranking.KeyOf(80, Opens.AddMilliseconds(1009), Opens, 5099));
    }

    [Fact]
    public void Equal_keys_are_ordered_by_worker_id_descending_like_a_redis_zrevrange()
    {
        var low = Guid.Parse("10000000-0000-0000-0000-000000000000");
        var high = Guid.Parse("f0000000-0000-0000-0000-000000000000");

        Assert.True(Ranking.CompareTies(high, low) < 0);
        Assert.Equal("f0000000000000000000000000000000", Ranking.Member(high));
    }

    [Fact]
    public void The_best_rule_keeps_a_better_earlier_attempt_and_the_latest_rule_does_not()
    {
        var campaign = Guid.NewGuid();
        var entryBest = new QuizCampaignEntry { CampaignId = campaign, WorkerId = Guid.NewGuid(), DisplayName = "张*" };
        var entryLatest = new QuizCampaignEntry { CampaignId = campaign, WorkerId = Guid.NewGuid(), DisplayName = "李*" };
        var good = AttemptTests.Scored(correct: 9);
        var worse = AttemptTests.Scored(correct: 5);

        Assert.True(entryBest.Consider(good, Key(90, 1, 1000), ScoringRule.Best, Opens));
        Assert.False(entryBest.Consider(worse, Key(50, 2, 1000), ScoringRule.Best, Opens));
        Assert.Equal(90, entryBest.Score);
        Assert.Equal(2, entryBest.RankedAttempts);

        entryLatest.Consider(good, Key(90, 1, 1000), ScoringRule.Latest, Opens);
        Assert.True(entryLatest.Consider(worse, Key(50, 2, 1000), ScoringRule.Latest, Opens));
        Assert.Equal(50, entryLatest.Score);
    }
}
