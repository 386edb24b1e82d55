using System.Globalization;
using System.Text.RegularExpressions;
using Changai.Domain.Common;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Changai.Domain.Sheets;

namespace Changai.Domain.Membership;

/// <summary>One data row of a member import sheet whose cells are each well-formed (the register rules come after, in <see cref="MemberImportCheck"/>).</summary>
public sealed record MemberSheetRow(int Row, string Name, string IdNumber, DateOnly BirthDate, string Phone, string UnionCode, DateOnly JoinedOn, string? ExternalNumber);

/// <summary>A data row read from the sheet: its parsed form, or the errors of its cells.</summary>
public sealed record MemberSheetLine(int Row, MemberSheetRow? Parsed, IReadOnlyList<SheetError> Errors);

/// <summary>
/// The layout of the existing-members sheet (存量会员: CSV or XLSX, zh-CN headers, one member per row) and the checks each
/// cell must pass on its own. Headers are matched by name in any order; <see cref="Header"/> is the template. Rows are read
/// one at a time, so a 100,000-row file is never held in memory.
/// </summary>
public static partial class MemberSheet
{
    public const string Name = "姓名";
    public const string IdNumberColumn = "身份证号";
    public const string Phone = "手机号";
    public const string Union = "所在工会（代码）";
    public const string Joined = "入会日期";
    public const string External = "原会员证号";

    public const int MaxExternalNumberLength = 40;

    /// <summary>The legal minimum working age: a join date before the 16th birthday is a typing error.</summary>
    public const int MinimumJoinAge = 16;

    public static IReadOnlyList<string> Header { get; } = [Name, IdNumberColumn, Phone, Union, Joined, External];

    private static readonly string[] Required = [Name, IdNumberColumn, Phone, Union, Joined];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["会员姓名"] = Name, ["身份证号码"] = IdNumberColumn, ["公民身份号码"] = IdNumberColumn, ["居民身份证号码"] = IdNumberColumn,
        ["手机号码"] = Phone, ["手机"] = Phone, ["联系电话"] = Phone, ["所在工会"] = Union, ["所在工会(代码)"] = Union,
        ["工会代码"] = Union, ["所在工会代码"] = Union, ["入会时间"] = Joined, ["会员证号"] = External, ["原会员号"] = External,
        ["原会员编号"] = External,
    };

    /// <summary>A made-up row for the template: a valid-looking but fictitious person, skipped on import.</summary>
    public static IReadOnlyList<string> ExampleRow(string unionCode) =>
        ["示例：张三（导入前请删除本行）", "530102199001011234", "13800000000", unionCode, "2015-05-01", "YN-2015-000123"];

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^\d(\.\d+)?E\+?\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex ScientificPattern();

    [GeneratedRegex(@"^[0-9A-Z]{2,32}$")]
    private static partial Regex UnionCodePattern();

    [GeneratedRegex(@"^[0-9A-Za-z\-_/.()（）#\u4e00-\u9fff]+$")]
    private static partial Regex ExternalNumberPattern();

    /// <summary>
    /// Reads the data rows one at a time. The first line is the header; when it lacks a required column, a single line
    /// with that error is returned and nothing else. The template's example row, left in, is skipped.
    /// </summary>
    public static IEnumerable<MemberSheetLine> Read(IEnumerable<SheetRow> sheet, DateOnly today)
    {
        Dictionary<string, int>? columns = null;
        var first = true;
        foreach (var row in sheet)
        {
            if (columns is null)
            {
                columns = HeaderColumns(row);
                var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    yield return new MemberSheetLine(row.Number, null, [new SheetError(row.Number, "", $"表头缺少“{string.Join("”“", missing)}”列，请下载模板填写")]);
                    yield break;
                }

                continue;
            }

            if (first && row.Cell(columns[Name]).TrimStart().StartsWith("示例", StringComparison.Ordinal))
            {
                first = false;
                continue; // the template's example row left in
            }

            first = false;
            yield return ParseRow(row, columns, today);
        }

        if (columns is null)
        {
            yield return new MemberSheetLine(1, null, [new SheetError(1, "", "文件中没有内容，请下载模板填写")]);
        }
    }

    private static Dictionary<string, int> HeaderColumns(SheetRow header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
            columns.TryAdd(Aliases.GetValueOrDefault(name, name), i);
        }

        return columns;
    }

    private static MemberSheetLine ParseRow(SheetRow row, Dictionary<string, int> columns, DateOnly today)
    {
        var errors = new List<SheetError>();
        string Cell(string column) => columns.TryGetValue(column, out var i) ? Clean(row.Cell(i)) : "";
        void Error(string column, string message) => errors.Add(new SheetError(row.Number, column, message));

        var name = Cell(Name);
        if (name.Length == 0)
        {
            Error(Name, "不能为空");
        }
        else if (!PersonName.IsValid(name))
        {
            Error(Name, $"“{name}”不是有效的姓名：{PersonName.Rule}，{PersonName.MinCharacters}–{PersonName.MaxCharacters} 个字");
        }

        var idText = Cell(IdNumberColumn).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        IdNumber? id = null;
        if (idText.Length == 0)
        {
            Error(IdNumberColumn, "不能为空");
        }
        else if (ScientificPattern().IsMatch(idText))
        {
            Error(IdNumberColumn, "身份证号被表格软件存成了数字（科学计数法），后几位已丢失：请把该列设为“文本”格式后重新填写");
        }
        else if (IdNumber.TryParse(idText, today, out id) is var problem && problem != IdNumber.Problem.None)
        {
            Error(IdNumberColumn, IdNumber.Describe(problem));
        }

        var phone = NormalisePhone(Cell(Phone));
        if (phone.Length == 0)
        {
            Error(Phone, "不能为空（会员认领会籍时要核对手机号）");
        }
        else if (!MobilePattern().IsMatch(phone))
        {
            Error(Phone, $"“{Cell(Phone)}”不是有效的手机号（11 位，以 1 开头）");
        }

        var union = Cell(Union).ToUpperInvariant();
        if (union.Length == 0)
        {
            Error(Union, "不能为空，请填写会员所在基层工会的工会代码或统一社会信用代码");
        }
        else if (!UnionCodePattern().IsMatch(union))
        {
            Error(Union, "工会代码应为 2–32 位数字或字母（工会代码或统一社会信用代码）");
        }

        var joinedText = Cell(Joined);
        DateOnly? joined = null;
        if (joinedText.Length == 0)
        {
            Error(Joined, "不能为空");
        }
        else if ((joined = ParseDate(joinedText)) is null)
        {
            Error(Joined, $"“{joinedText}”不是有效日期，请写成 2015-05-01");
        }
        else if (joined > today)
        {
            Error(Joined, $"{joined:yyyy-MM-dd} 晚于今天");
        }
        else if (id is not null && joined < id.BirthDate.AddYears(MinimumJoinAge))
        {
            Error(Joined, $"{joined:yyyy-MM-dd} 早于会员年满 {MinimumJoinAge} 周岁（按身份证号的出生日期），请核对");
        }

        var external = Cell(External);
        if (external.Length > MaxExternalNumberLength)
        {
            Error(External, $"不能超过 {MaxExternalNumberLength} 个字符");
        }
        else if (external.Length > 0 && (TextSafety.HasForbidden(external) || !ExternalNumberPattern().IsMatch(external)))
        {
            Error(External, "只能包含数字、字母、汉字和 - _ / . # 括号");
        }

        return errors.Count > 0
            ? new MemberSheetLine(row.Number, null, errors)
            : new MemberSheetLine(row.Number, new MemberSheetRow(row.Number, name, id!.Value, id.BirthDate, phone, union, joined!.Value, external.Length == 0 ? null : external), []);
    }

    /// <summary>Spaces, dashes and a leading +86 are how rosters often write a mobile number; what WeChat verifies is the 11 digits.</summary>
    public static string NormalisePhone(string value)
    {
        var digits = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return digits;
    }

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm"];

    private static DateOnly? ParseDate(string text) =>
        DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? DateOnly.FromDateTime(date) : null;

    // Excel users paste values with full-width spaces and non-breaking spaces around them; an apostrophe keeps a number as text.
    private static string Clean(string value) => value.Trim().Trim('\u3000', '\u00a0').Trim().TrimStart('\'');
}
