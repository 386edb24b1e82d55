namespace Changai.Domain.Quiz;

/// <summary>
/// What an officer writes for a question, checked before it becomes a version. Options are given as texts in order and
/// get the ids A, B, C …; answers name those ids. A true/false question has the fixed options A 正确 and B 错误.
/// </summary>
public sealed record QuestionContent(
    QuestionKind Kind, string Stem, IReadOnlyList<string> Options, IReadOnlyList<string> Answers, string Explanation, string Chapter,
    IReadOnlyList<string> Tags, int Difficulty)
{
    public const int MaxOptions = 8;
    public const string TagSeparator = "、";
    public const string True = "正确";
    public const string False = "错误";

    public static string OptionId(int index) => ((char)('A' + index)).ToString();

    /// <summary>The options with their ids; a true/false question always has A 正确, B 错误.</summary>
    public IReadOnlyList<QuestionOption> OptionList() => Kind == QuestionKind.TrueFalse
        ? [new("A", True), new("B", False)]
        : [.. Options.Select((text, i) => new QuestionOption(OptionId(i), text.Trim()))];

    /// <summary>Every rule the content breaks, in zh-CN, for a form or an import row ("缺少正确答案").</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Stem))
        {
            problems.Add("缺少题干");
        }
        else if (Stem.Length > 500)
        {
            problems.Add("题干不能超过 500 个字");
        }

        var options = OptionList();
        if (Kind != QuestionKind.TrueFalse)
        {
            if (options.Count < 2)
            {
                problems.Add("至少需要两个选项");
            }
            else if (options.Count > MaxOptions)
            {
                problems.Add($"选项不能超过 {MaxOptions} 个");
            }

            if (options.Any(o => string.IsNullOrWhiteSpace(o.Text)))
            {
                problems.Add("选项内容不能为空");
            }
            else if (options.Select(o => o.Text).Distinct(StringComparer.Ordinal).Count() != options.Count)
            {
                problems.Add("选项内容不能重复");
            }

            if (options.Any(o => o.Text.Length > 200))
            {
                problems.Add("每个选项不能超过 200 个字");
            }
        }

        var answers = Answers.Select(a => a.Trim().ToUpperInvariant()).Where(a => a.Length > 0).ToList();
        if (answers.Count == 0)
        {
            problems.Add("缺少正确答案");
        }
        else if (answers.FirstOrDefault(a => options.All(o => o.Id != a)) is { } unknown)
        {
            problems.Add(Kind == QuestionKind.TrueFalse ? "判断题的答案应为“正确”或“错误”" : $"答案 {unknown} 不在选项中");
        }
        else if (answers.Distinct().Count() != answers.Count)
        {
            problems.Add("答案中有重复的选项");
        }
        else if (Kind is QuestionKind.Single or QuestionKind.TrueFalse && answers.Count != 1)
        {
            problems.Add(Kind == QuestionKind.Single ? "单选题只能有一个正确答案" : "判断题只能有一个答案");
        }
        else if (Kind == QuestionKind.Multiple && answers.Count < 2)
        {
            problems.Add("多选题至少要有两个正确答案");
        }

        if (Explanation.Length > 1000)
        {
            problems.Add("解析不能超过 1000 个字");
        }

        if (string.IsNullOrWhiteSpace(Chapter))
        {
            problems.Add("缺少章节");
        }
        else if (Chapter.Length > 50)
        {
            problems.Add("章节名称不能超过 50 个字");
        }

        if (Tags.Count > 10 || Tags.Any(t => t.Length > 20 || t.Contains(TagSeparator, StringComparison.Ordinal)))
        {
            problems.Add("标签最多 10 个，每个不超过 20 个字");
        }

        if (Difficulty is < 1 or > 3)
        {
            problems.Add("难度应为 1（易）、2（中）或 3（难）");
        }

        return problems;
    }

    /// <summary>The same content with whitespace trimmed and answer letters upper-cased, as it is stored.</summary>
    public QuestionContent Normalized() => this with
    {
        Stem = Stem.Trim(),
        Options = Kind == QuestionKind.TrueFalse ? [] : [.. Options.Select(o => o.Trim())],
        Answers = [.. Answers.Select(a => a.Trim().ToUpperInvariant()).Where(a => a.Length > 0).Order(StringComparer.Ordinal)],
        Explanation = Explanation.Trim(),
        Chapter = Chapter.Trim(),
        Tags = [.. Tags.Select(t => t.Trim()).Where(t => t.Length > 0)],
    };

    /// <summary>Whether two contents would be the same version (no new version for an unchanged save).</summary>
    public bool SameAs(QuestionContent other) =>
        Kind == other.Kind && Stem == other.Stem && Explanation == other.Explanation && Chapter == other.Chapter && Difficulty == other.Difficulty
        && OptionList().SequenceEqual(other.OptionList()) && Answers.SequenceEqual(other.Answers) && Tags.SequenceEqual(other.Tags);

    public static string KindText(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "单选",
        QuestionKind.Multiple => "多选",
        _ => "判断",
    };

    /// <summary>Right when the chosen options are exactly the correct ones (all of them for a multiple-choice question).</summary>
    public static bool IsCorrect(IReadOnlySet<string> answers, IEnumerable<string> chosen) => answers.SetEquals(chosen);
}
