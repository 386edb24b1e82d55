using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class PrizeDrawTests
{
    [Fact]
    public void Winners_match_the_vector_computed_by_verify_draw_py()
    {
        // python3 -c "...winners('seed-2026', ['d','b','a','c','e'], 3)" with tests/quiz/verify-draw.py → ['d', 'e', 'b']
        Assert.Equal(["d", "e", "b"], PrizeDraw.Winners("seed-2026", ["d", "b", "a", "c", "e"], 3));
        Assert.Equal("6d8e56f9b0a2b0055c7d7c251f269de21ecf0b621cefd05416b43a7746a0ed0e", PrizeDraw.HashOf("seed-2026"));
    }

    [Fact]
    public void The_order_in_which_entries_are_listed_does_not_change_the_winners()
    {
        var entries = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString()).ToList();
        var seed = PrizeDraw.NewSeed();

        var first = PrizeDraw.Winners(seed, entries, 10);
        var shuffled = PrizeDraw.Winners(seed, entries.OrderBy(_ => Random.Shared.Next()).Concat(entries.Take(5)), 10);

        Assert.Equal(first, shuffled);
        Assert.Equal(10, first.Distinct().Count());
    }

    [Fact]
    public void Another_seed_gives_other_winners_and_there_are_never_more_winners_than_entries()
    {
        var entries = Enumerable.Range(0, 50).Select(i => $"entry-{i:D2}").ToList();

        Assert.NotEqual(PrizeDraw.Winners("a", entries, 5), PrizeDraw.Winners("b", entries, 5));
        Assert.Equal(3, PrizeDraw.Winners("a", ["x", "y", "z"], 10).Count);
        Assert.Empty(PrizeDraw.Winners("a", [], 10));
    }

    [Fact]
    public void A_seed_is_64_hex_characters_and_new_each_time()
    {
        var seed = PrizeDraw.NewSeed();

        Assert.Matches("^[0-9a-f]{64}$", seed);
        Assert.NotEqual(seed, PrizeDraw.NewSeed());
        Assert.Matches("^[0-9a-f]{64}$", PrizeDraw.HashOf(seed));
    }
}
