using Changai.Domain.Quiz;
using Changai.Domain.Sheets;

namespace Changai.Domain.Tests.Quiz;

public sealed class QuestionSheetTests
{
    private static IReadOnlyList<SheetRow> Sheet(params string[] lines) => Csv.Read(string.Join("\r\n", lines));

    private const string Header = "编号,题型,题干,选项A,选项B,选项C,选项D,答案,解析,章节,标签,难度";

    [Fact]
    public void Good_rows_become_questions_with_their_kind_answers_and_tags()
    {
        var (questions, errors) = QuestionSheet.Parse(Sheet(
            Header,
            "Q1,单选,入会率是多少？,64.5%,60.32%,,,A,依据 001,队伍壮大,昆明、入会,易",
            "Q2,多选,哪些是三种精神？,劳模精神,劳动精神,工匠精神,冒险精神,\"A,B,C\",,政策,,3",
            ",判断,昆明签订了首份环卫集体合同。,,,,,对,,权益,,"));

        Assert.Empty(errors);
        Assert.Equal(3, questions.Count);
        Assert.Equal(["A"], questions[0].Content.Answers);
        Assert.Equal(["昆明", "入会"], questions[0].Content.Tags);
        Assert.Equal(1, questions[0].Content.Difficulty);
        Assert.Equal(["A", "B", "C"], questions[1].Content.Answers);
        Assert.Equal(QuestionKind.TrueFalse, questions[2].Content.Kind);
        Assert.Equal(["A"], questions[2].Content.Answers);
        Assert.Null(questions[2].Code);
        Assert.Equal(4, questions[2].Row);
    }

    [Fact]
    public void Each_broken_row_is_reported_with_its_row_number_in_chinese()
    {
        var (questions, errors) = QuestionSheet.Parse(Sheet(
            Header,
            "Q1,单选,好题,甲,乙,,,B,,章,,",
            "Q2,单选,没有答案的题,甲,乙,,,,,章,,",
            "Q3,问答,题型不对,甲,乙,,,A,,章,,",
            "Q1,单选,编号重复,甲,乙,,,A,,章,,",
            "Q5,判断,答案不对,,,,,也许,,章,,",
            "Q6,单选,,甲,乙,,,A,,章,,极难"));

        Assert.Single(questions);
        Assert.Contains("第 3 行: 缺少正确答案", errors);
        Assert.Contains("第 4 行: 题型应为“单选”“多选”或“判断”", errors);
        Assert.Contains("第 5 行: 编号 Q1 与第 2 行重复", errors);
        Assert.Contains("第 6 行: 判断题的答案应为“正确”或“错误”", errors);
        Assert.Contains("第 7 行: 难度应为 1–3 或 易/中/难", errors);
    }

    [Fact]
    public void A_sheet_without_the_needed_columns_says_which_are_missing()
    {
        var (_, errors) = QuestionSheet.Parse(Sheet("编号,题目,选项A", "Q1,题,甲"));

        Assert.Equal(["第 1 行: 表头缺少“题型”“答案”列，请使用导出的模板"], errors);
    }

    [Fact]
    public void An_exported_row_reads_back_as_the_same_question()
    {
        var content = new QuestionContent(QuestionKind.Multiple, "题干，含逗号", ["甲", "乙", "丙"], ["A", "C"], "解析\n两行", "章节", ["标签一", "标签二"], 3).Normalized();
        var version = QuizQuestionVersion.From(Guid.NewGuid(), Guid.NewGuid(), 1, content, null, DateTime.UtcNow);
        var trueFalse = QuizQuestionVersion.From(Guid.NewGuid(), Guid.NewGuid(), 1,
            new QuestionContent(QuestionKind.TrueFalse, "判断题", [], ["B"], "", "章节", [], 2), null, DateTime.UtcNow);

        var text = System.Text.Encoding.UTF8.GetString(Csv.Write([QuestionSheet.Header, QuestionSheet.ToRow("Q9", version), QuestionSheet.ToRow("Q10", trueFalse)]));
        var (questions, errors) = QuestionSheet.Parse(Csv.Read(text));

        Assert.Empty(errors);
        Assert.True(questions[0].Content.SameAs(content));
        Assert.Equal("Q9", questions[0].Code);
        Assert.Equal(["B"], questions[1].Content.Answers);
    }
}
