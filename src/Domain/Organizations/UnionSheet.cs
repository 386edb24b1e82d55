using System.Globalization;
using System.Text.RegularExpressions;
using Changai.Domain.Profiles;
using Changai.Domain.Sheets;

namespace Changai.Domain.Organizations;

/// <summary>A problem with one cell (or one row) of an import sheet, named as the officer finds it in the spreadsheet.</summary>
public sealed record SheetError(int Row, string Column, string Message)
{
    public override string ToString() => Column.Length == 0 ? $"第 {Row} 行：{Message}" : $"第 {Row} 行「{Column}」：{Message}";
}

/// <summary>One data row of a union import sheet whose cells are each well-formed (the tree rules come after, in <see cref="UnionImport"/>).</summary>
public sealed record UnionSheetRow(
    int Row, string Name, string CreditCode, string Parent, string RegionCode, UnionKind Kind,
    string? OrganizationName, string? IndustrySection, DateOnly? FoundedOn, string? ContactName, string? ContactPhone);

/// <summary>
/// The layout of the union import sheet (CSV or XLSX, zh-CN headers, one union per row) and the checks each cell must pass on
/// its own. Headers are matched by name, in any order; the template is <see cref="Header"/>.
/// </summary>
public static partial class UnionSheet
{
    public const string Name = "工会名称";
    public const string CreditCodeColumn = "工会统一社会信用代码";
    public const string Parent = "上级工会（代码或名称）";
    public const string Region = "行政区划代码";
    public const string KindColumn = "组织类型";
    public const string Organization = "所在单位名称";
    public const string Industry = "所属行业";
    public const string Founded = "建会日期";
    public const string Contact = "联系人";
    public const string Phone = "联系电话";

    public const int MaxNameLength = 100;

    public static IReadOnlyList<string> Header { get; } = [Name, CreditCodeColumn, Parent, Region, KindColumn, Organization, Industry, Founded, Contact, Phone];

    private static readonly string[] Required = [Name, CreditCodeColumn, Parent, Region, KindColumn];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["上级工会"] = Parent, ["上级工会(代码或名称)"] = Parent, ["上级工会代码"] = Parent, ["统一社会信用代码"] = CreditCodeColumn,
        ["信用代码"] = CreditCodeColumn, ["行政区划"] = Region, ["地区代码"] = Region, ["类型"] = KindColumn, ["工会类型"] = KindColumn,
        ["单位名称"] = Organization, ["行业"] = Industry, ["成立日期"] = Founded, ["电话"] = Phone,
    };

    /// <summary>The names a sheet may give a kind; the first of each kind is what the template and the reports show.</summary>
    public static readonly IReadOnlyList<(string Text, UnionKind Kind)> KindNames =
    [
        ("州(市)总工会", UnionKind.Prefecture), ("州（市）总工会", UnionKind.Prefecture), ("市总工会", UnionKind.Prefecture), ("州总工会", UnionKind.Prefecture),
        ("县级总工会", UnionKind.County), ("县(市、区)总工会", UnionKind.County), ("县（市、区）总工会", UnionKind.County), ("县总工会", UnionKind.County), ("区总工会", UnionKind.County),
        ("基层工会", UnionKind.Grassroots), ("企业工会", UnionKind.Grassroots),
        ("联合工会", UnionKind.Joint), ("基层工会联合会", UnionKind.Joint),
        ("区域性工会", UnionKind.Regional), ("区域工会", UnionKind.Regional),
        ("行业工会", UnionKind.Industry),
    ];

    public static string KindText(UnionKind kind) => kind == UnionKind.Province ? "省总工会" : KindNames.First(k => k.Kind == kind).Text;

    /// <summary>A made-up row for the template, so the officer sees each column filled the way it is read.</summary>
    public static IReadOnlyList<string> ExampleRow { get; } =
        ["示例：某某有限公司工会（导入前请删除本行）", CreditCode.Complete("81530111MC0000010"), "530111", "530111", "基层工会", "某某有限公司", "C", "2020-05-01", "张三", "0871-12345678"];

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex RegionPattern();

    /// <summary>Reads every data row: the well-formed rows, and an error for each cell that is not.</summary>
    public static (IReadOnlyList<UnionSheetRow> Rows, IReadOnlyList<SheetError> Errors) Parse(IEnumerable<SheetRow> sheet, DateOnly today)
    {
        var errors = new List<SheetError>();
        var parsed = new List<UnionSheetRow>();
        Dictionary<string, int>? columns = null;
        foreach (var row in sheet)
        {
            if (columns is null)
            {
                columns = HeaderColumns(row);
                var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    return ([], [new SheetError(row.Number, "", $"表头缺少“{string.Join("”“", missing)}”列，请下载模板填写")]);
                }

                continue;
            }

            if (parsed.Count + errors.Count == 0 && columns.TryGetValue(Name, out var nameColumn) && row.Cell(nameColumn).StartsWith("示例", StringComparison.Ordinal))
            {
                continue; // the template's example row left in
            }

            if (ParseRow(row, columns, today, errors) is { } good)
            {
                parsed.Add(good);
            }
        }

        if (columns is null)
        {
            return ([], [new SheetError(1, "", "文件中没有内容，请下载模板填写")]);
        }

        return (parsed, errors);
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

    private static UnionSheetRow? ParseRow(SheetRow row, Dictionary<string, int> columns, DateOnly today, List<SheetError> errors)
    {
        var before = errors.Count;
        string Cell(string column) => columns.TryGetValue(column, out var i) ? Clean(row.Cell(i)) : "";
        void Error(string column, string message) => errors.Add(new SheetError(row.Number, column, message));
        string? Optional(string column, int maxLength)
        {
            var value = Cell(column);
            if (value.Length > maxLength)
            {
                Error(column, $"不能超过 {maxLength} 个字");
            }

            return value.Length == 0 ? null : value;
        }

        var name = Cell(Name);
        if (name.Length == 0)
        {
            Error(Name, "不能为空");
        }
        else if (name.Length > MaxNameLength)
        {
            Error(Name, $"不能超过 {MaxNameLength} 个字");
        }

        var kindText = Cell(KindColumn);
        UnionKind? kind = KindNames.Where(k => k.Text == kindText).Select(k => (UnionKind?)k.Kind).FirstOrDefault();
        if (kindText.Length == 0)
        {
            Error(KindColumn, "不能为空");
        }
        else if (kindText is "省总工会" or "省级总工会")
        {
            Error(KindColumn, "省总工会已存在，不能通过导入创建");
        }
        else if (kind is null)
        {
            Error(KindColumn, $"“{kindText}”不是可识别的组织类型，应为 州(市)总工会、县级总工会、基层工会、联合工会、区域性工会 或 行业工会");
        }

        var code = Cell(CreditCodeColumn).ToUpperInvariant();
        if (CreditCode.Problem(code) is { } codeProblem)
        {
            Error(CreditCodeColumn, codeProblem);
        }
        else if (kind is { } k && CreditCode.UnionPrefixProblem(code, k) is { } prefixProblem)
        {
            Error(CreditCodeColumn, prefixProblem);
        }

        var parent = Cell(Parent);
        if (parent.Length == 0)
        {
            Error(Parent, "不能为空，请填写上级工会的统一社会信用代码、工会代码或名称");
        }

        var region = Cell(Region);
        if (RegionProblem(region) is { } regionProblem)
        {
            Error(Region, regionProblem);
        }

        var industry = Cell(Industry);
        string? section = null;
        if (industry.Length > 0 && (section = IndustrySection(industry)) is null)
        {
            Error(Industry, $"“{industry}”不是国民经济行业分类（GB/T 4754）的门类，请填写门类字母（如 C）或名称（如 制造业）");
        }

        var foundedText = Cell(Founded);
        DateOnly? founded = null;
        if (foundedText.Length > 0)
        {
            founded = ParseDate(foundedText);
            if (founded is null)
            {
                Error(Founded, $"“{foundedText}”不是有效日期，请写成 2020-05-01");
            }
            else if (founded > today || founded.Value.Year < 1900)
            {
                Error(Founded, $"{founded:yyyy-MM-dd} 不在合理范围内（不能晚于今天）");
            }
        }

        var phone = Cell(Phone).Replace(" ", "", StringComparison.Ordinal);
        if (phone.Length > 0 && PhoneProblem(phone) is { } phoneProblem)
        {
            Error(Phone, phoneProblem);
        }

        var organization = Optional(Organization, MaxNameLength);
        var contact = Optional(Contact, 32);
        return errors.Count > before
            ? null
            : new UnionSheetRow(row.Number, name, code, parent, region, kind!.Value, organization, section, founded, contact, phone.Length == 0 ? null : phone);
    }

    /// <summary>A 6-digit GB/T 2260 code inside Yunnan: the province, one of its 16 prefectures, or a county of one.</summary>
    public static string? RegionProblem(string region)
    {
        if (region.Length == 0)
        {
            return "不能为空";
        }

        if (!RegionPattern().IsMatch(region))
        {
            return $"“{region}”应为 6 位数字（GB/T 2260 行政区划代码，如 530111）";
        }

        if (!region.StartsWith(YunnanRegions.ProvinceCode, StringComparison.Ordinal))
        {
            return $"{region} 不在云南省内（云南省的代码以 53 开头）";
        }

        return region == "530000" || YunnanRegions.PrefectureName(region[..4]) is not null ? null : $"{region} 不是云南省的州（市）或县（市、区）代码";
    }

    private static string? IndustrySection(string value)
    {
        var letter = value[..1].ToUpperInvariant();
        if (IndustrySections.IsValid(letter) && (value.Length == 1 || !char.IsAsciiLetter(value[1])))
        {
            return letter; // "C", "C 制造业", "C-制造业"
        }

        return IndustrySections.Names.Where(n => n.Value == value).Select(n => n.Key).FirstOrDefault();
    }

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm"];

    private static DateOnly? ParseDate(string text) =>
        DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? DateOnly.FromDateTime(date) : null;

    // Excel users paste values with full-width spaces and non-breaking spaces around them.
    /// <summary>What is wrong with a union office's phone number (a mobile, or area code and number), or null.</summary>
    public static string? PhoneProblem(string phone) =>
        PhonePattern().IsMatch(phone) ? null : $"“{phone}”不是有效的电话号码（手机 11 位，或区号-号码，如 0871-12345678）";

    private static string Clean(string value) => value.Trim().Trim('\u3000', '\u00a0').Trim();
}
