using System.Globalization;
using Changai.Domain.Sheets;

namespace Changai.Domain.Quiz;

/// <summary>A question read from a row of an import sheet, with the code it gave (empty for a new question).</summary>
public sealed record SheetQuestion(int Row, string? Code, QuestionContent Content);

/// <summary>
/// The import/export layout of the question bank, one question per row, the same for CSV and XLSX:
/// 编号, 题型 (单选/多选/判断), 题干, 选项A … 选项H, 答案 (A / AC / A,C; 判断: 正确/错误), 解析, 章节, 标签 (、分隔), 难度 (1–3 or 易/中/难).
/// Errors name the row as a spreadsheet shows it ("第 12 行: 缺少正确答案").
/// </summary>
public static class QuestionSheet
{
    public const string Code = "编号";
    public const string Kind = "题型";
    public const string Stem = "题干";
    public const string Answer = "答案";
    public const string Explanation = "解析";
    public const string Chapter = "章节";
    public const string Tags = "标签";
    public const string Difficulty = "难度";

    private static readonly string[] OptionHeaders = [.. Enumerable.Range(0, QuestionContent.MaxOptions).Select(i => "选项" + QuestionContent.OptionId(i))];

    public static IReadOnlyList<string> Header { get; } = [Code, Kind, Stem, .. OptionHeaders, Answer, Explanation, Chapter, Tags, Difficulty];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["题号"] = Code, ["题目"] = Stem, ["题目内容"] = Stem, ["正确答案"] = Answer, ["答案解析"] = Explanation, ["类型"] = Kind,
    };

    public static IReadOnlyList<string> ToRow(string code, QuizQuestionVersion version)
    {
        var options = version.Kind == QuestionKind.TrueFalse ? [] : version.Options();
        var answers = version.Answers().Order(StringComparer.Ordinal).ToList();
        var answer = version.Kind == QuestionKind.TrueFalse ? (answers.FirstOrDefault() == "A" ? QuestionContent.True : QuestionContent.False) : string.Concat(answers);
        return
        [
            code, QuestionContent.KindText(version.Kind), version.Stem,
            .. Enumerable.Range(0, QuestionContent.MaxOptions).Select(i => i < options.Count ? options[i].Text : ""),
            answer, version.Explanation, version.Chapter, version.Tags, version.Difficulty.ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>Reads every data row; returns the questions of the rows without errors and an error line for each broken one.</summary>
    public static (IReadOnlyList<SheetQuestion> Questions, IReadOnlyList<string> Errors) Parse(IReadOnlyList<SheetRow> rows)
    {
        var errors = new List<string>();
        var questions = new List<SheetQuestion>();
        if (rows.Count == 0)
        {
            return ([], ["第 1 行: 文件中没有内容，请使用导出的模板填写"]);
        }

        var header = rows[0];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Trim().Replace(" ", "", StringComparison.Ordinal);
            columns.TryAdd(Aliases.GetValueOrDefault(name, name), i);
        }

        var missing = new[] { Kind, Stem, Answer }.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return ([], [$"第 {header.Number} 行: 表头缺少“{string.Join("”“", missing)}”列，请使用导出的模板"]);
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            string Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Cells.Count ? row.Cells[i].Trim() : "";
            var problems = new List<string>();
            var code = Cell(Code);
            if (code.Length > 30)
            {
                problems.Add("编号不能超过 30 个字符");
            }
            else if (code.Length > 0 && !codes.TryAdd(code, row.Number))
            {
                problems.Add($"编号 {code} 与第 {codes[code]} 行重复");
            }

            var kind = ParseKind(Cell(Kind));
            if (kind is null)
            {
                problems.Add("题型应为“单选”“多选”或“判断”");
            }

            var difficultyText = Cell(Difficulty);
            var difficulty = ParseDifficulty(difficultyText);
            if (difficulty is null)
            {
                problems.Add("难度应为 1–3 或 易/中/难");
            }

            var options = OptionHeaders.Select(Cell).ToList();
            while (options.Count > 0 && options[^1].Length == 0)
            {
                options.RemoveAt(options.Count - 1);
            }

            if (kind is { } k && difficulty is { } d)
            {
                var content = new QuestionContent(
                    k, Cell(Stem), k == QuestionKind.TrueFalse ? [] : options, ParseAnswers(Cell(Answer), k), Cell(Explanation),
                    Cell(Chapter) is { Length: > 0 } chapter ? chapter : "未分章节",
                    [.. Cell(Tags).Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], d).Normalized();
                problems.AddRange(content.Problems());
                if (problems.Count == 0)
                {
                    questions.Add(new SheetQuestion(row.Number, code.Length == 0 ? null : code, content));
                }
            }

            errors.AddRange(problems.Select(p => $"第 {row.Number} 行: {p}"));
        }

        if (rows.Count == 1)
        {
            errors.Add($"第 {header.Number} 行: 表头下没有题目");
        }

        return (questions, errors);
    }

    private static QuestionKind? ParseKind(string text) => text switch
    {
        "单选" or "单选题" or "单项选择" or "单项选择题" => QuestionKind.Single,
        "多选" or "多选题" or "多项选择" or "多项选择题" => QuestionKind.Multiple,
        "判断" or "判断题" => QuestionKind.TrueFalse,
        _ => null,
    };

    private static int? ParseDifficulty(string text) => text switch
    {
        "" or "2" or "中" or "一般" => 2,
        "1" or "易" or "简单" => 1,
        "3" or "难" or "困难" => 3,
        _ => null,
    };

    /// <summary>"AC", "A,C", "A、C", "a c" → A, C. True/false also takes 正确/错误, 对/错, √/×, T/F.</summary>
    private static IReadOnlyList<string> ParseAnswers(string text, QuestionKind kind)
    {
        if (kind == QuestionKind.TrueFalse)
        {
            return text.ToUpperInvariant() switch
            {
                "" => [],
                "正确" or "对" or "√" or "T" or "TRUE" or "A" => ["A"],
                "错误" or "错" or "×" or "X" or "F" or "FALSE" or "B" => ["B"],
                _ => [text],
            };
        }

        return [.. text.Where(c => !char.IsWhiteSpace(c) && c is not (',' or '，' or '、' or ';' or '；')).Select(c => char.ToUpperInvariant(c).ToString())];
    }
}
