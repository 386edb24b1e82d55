using Changai.Domain.Common;
using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class QuestionPickerTests
{
    private static List<PoolQuestion> Pool(int perChapter, params string[] chapters) =>
        [.. chapters.SelectMany(c => Enumerable.Range(0, perChapter).Select(_ => new PoolQuestion(Guid.NewGuid(), Guid.NewGuid(), c, QuestionKind.Single, ["A", "B", "C", "D"])))];

    [Fact]
    public void Every_attempt_has_distinct_questions_and_at_least_the_chapter_quotas()
    {
        var pool = Pool(10, "政策", "技能", "权益");
        for (var i = 0; i < 50; i++)
        {
            var picked = QuestionPicker.Pick(pool, 10, new Dictionary<string, int> { ["政策"] = 3, ["权益"] = 4 }, Random.Shared.Next);

            Assert.Equal(10, picked.Distinct().Count());
            Assert.True(picked.Count(q => q.Chapter == "政策") >= 3);
            Assert.True(picked.Count(q => q.Chapter == "权益") >= 4);
        }
    }

    [Fact]
    public void Different_attempts_get_different_questions_and_option_orders()
    {
        var pool = Pool(20, "政策", "技能");

        var sets = Enumerable.Range(0, 20).Select(_ => string.Join(',', QuestionPicker.Pick(pool, 5, new Dictionary<string, int>(), QuestionPicker.SecureRandom).Select(q => q.QuestionId))).ToHashSet();
        var orders = Enumerable.Range(0, 50).Select(_ => QuestionPicker.OptionOrder(pool[0], QuestionPicker.SecureRandom)).ToHashSet();

        Assert.True(sets.Count > 15);
        Assert.True(orders.Count > 5);
        Assert.All(orders, o => Assert.Equal("A,B,C,D", string.Join(',', o.Split(',').Order())));
    }

    [Fact]
    public void True_false_keeps_true_before_false()
    {
        var question = new PoolQuestion(Guid.NewGuid(), Guid.NewGuid(), "章", QuestionKind.TrueFalse, ["A", "B"]);

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal("A,B", QuestionPicker.OptionOrder(question, QuestionPicker.SecureRandom)));
    }

    [Fact]
    public void A_pool_too_small_for_the_quotas_is_refused_with_the_reason()
    {
        var pool = Pool(2, "政策", "技能");

        var problems = QuestionPicker.Problems(pool, 10, new Dictionary<string, int> { ["政策"] = 3 });
        var error = Assert.Throws<DomainException>(() => QuestionPicker.Pick(pool, 3, new Dictionary<string, int> { ["政策"] = 3 }, Random.Shared.Next));

        Assert.Contains("可用题目只有 4 道，少于每次答题的 10 道", problems);
        Assert.Contains("章节“政策”只有 2 道题，少于要求的 3 道", problems);
        Assert.Equal("quiz.campaign.pool_too_small", error.Code);
    }

    [Fact]
    public void The_audience_is_a_union_subtree_or_a_region()
    {
        string[] regions = ["5303", "530111"];

        Assert.True(QuizCampaign.Includes("/53/5301/", regions, "/53/5301/530111/530111001/", null));
        Assert.False(QuizCampaign.Includes("/53/5301/", [], "/53/5303/", "530302"));
        Assert.True(QuizCampaign.Includes("/53/5301/", regions, null, "530302"));
        Assert.True(QuizCampaign.Includes(null, regions, "/53/5304/", "530111"));
        Assert.False(QuizCampaign.Includes(null, regions, null, "530102"));
        Assert.False(QuizCampaign.Includes(null, regions, null, null));
    }
}
