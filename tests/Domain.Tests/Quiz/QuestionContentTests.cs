using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class QuestionContentTests
{
    private static QuestionContent Single(params string[] answers) =>
        new(QuestionKind.Single, "昆明市“两新”组织入会率是多少？", ["64.5%", "60.32%", "91%"], answers, "依据 001", "队伍壮大", ["昆明"], 2);

    [Fact]
    public void A_complete_question_has_no_problems_and_true_false_has_fixed_options()
    {
        Assert.Empty(Single("A").Problems());
        var trueFalse = new QuestionContent(QuestionKind.TrueFalse, "昆明市签订了全省首份环卫行业集体合同。", [], ["A"], "", "权益", [], 1);
        Assert.Empty(trueFalse.Problems());
        Assert.Equal([new QuestionOption("A", "正确"), new QuestionOption("B", "错误")], trueFalse.OptionList());
    }

    [Theory]
    [InlineData("", "缺少正确答案")]
    [InlineData("E", "答案 E 不在选项中")]
    [InlineData("A,B", "单选题只能有一个正确答案")]
    public void Broken_answers_are_named_in_chinese(string answers, string problem)
    {
        Assert.Contains(problem, Single(answers.Split(',', StringSplitOptions.RemoveEmptyEntries)).Problems());
    }

    [Fact]
    public void Multiple_choice_needs_two_right_answers_and_options_must_differ()
    {
        var multiple = new QuestionContent(QuestionKind.Multiple, "题干", ["甲", "乙", "甲"], ["A"], "", "章", [], 2);

        Assert.Contains("多选题至少要有两个正确答案", multiple.Problems());
        Assert.Contains("选项内容不能重复", multiple.Problems());
    }

    [Fact]
    public void An_unchanged_question_is_the_same_content_after_normalising()
    {
        var original = Single("A").Normalized();
        var spaced = Single(" a ") with { Stem = "  昆明市“两新”组织入会率是多少？ " };

        Assert.True(original.SameAs(spaced.Normalized()));
        Assert.False(original.SameAs(Single("B").Normalized()));
    }

    [Fact]
    public void Right_means_exactly_the_right_options()
    {
        var answers = new HashSet<string> { "A", "C" };

        Assert.True(QuestionContent.IsCorrect(answers, ["C", "A"]));
        Assert.False(QuestionContent.IsCorrect(answers, ["A"]));
        Assert.False(QuestionContent.IsCorrect(answers, ["A", "B", "C"]));
    }
}
