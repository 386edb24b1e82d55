using Changai.Domain.Membership;
using Changai.Domain.Sheets;
using Changai.Domain.Tests.Organizations;
using Changai.Domain.Tests.Privacy;

namespace Changai.Domain.Tests.Membership;

/// <summary>The cell checks of the existing-members sheet and the first pass of the import, without a database.</summary>
public sealed class MemberImportCheckTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private readonly UnionTree tree = new();

    private static readonly SheetRow Header = new(1, [.. MemberSheet.Header]);

    private static string Id(int sequence, int birthYear = 1988) => ReferenceIdNumber.Build("530102", new DateOnly(birthYear, 3, 14), sequence);

    private static SheetRow Row(int number, string name, string id, string phone, string union = "530102001", string joined = "2015-05-01", string external = "") =>
        new(number, [name, id, phone, union, joined, external]);

    private MemberImportCheck Check(IEnumerable<SheetRow> rows, out List<MemberSheetLine> lines)
    {
        var unions = new[] { tree.YunneiPower, tree.WuhuaRiders, tree.Wuhua }
            .ToDictionary(u => u.Code, u => new MemberImportUnion(u.Id, u.Code, u.CreditCode, u.Name, u.AcceptsMembers));
        var check = new MemberImportCheck(unions, value => "h:" + value);
        lines = [.. MemberSheet.Read([Header, .. rows], Today)];
        foreach (var line in lines)
        {
            check.Add(line);
        }

        return check;
    }

    private static IReadOnlyList<string> Messages(MemberImportCheck check)
    {
        check.Finish();
        return [.. check.Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Sound_rows_are_read_with_phones_normalised_and_the_example_row_skipped()
    {
        var check = Check([
            new SheetRow(2, [.. MemberSheet.ExampleRow("530102001")]),
            Row(3, "李秀兰", Id(1), "139 8765 0001", external: "YN-2015-000123"),
            Row(4, "阿苏·木呷", Id(2).ToLowerInvariant(), "+8613987650002", joined: "2016/7/1"),
        ], out var lines);

        Assert.Empty(Messages(check));
        Assert.Equal((2, 2, 0), (check.Rows, check.ToCreate, check.Unchanged));
        Assert.Equal(("13987650001", "YN-2015-000123"), (lines[0].Parsed!.Phone, lines[0].Parsed!.ExternalNumber));
        Assert.Equal(("13987650002", new DateOnly(2016, 7, 1)), (lines[1].Parsed!.Phone, lines[1].Parsed!.JoinedOn));
        Assert.Equal(new Dictionary<Guid, int> { [tree.YunneiPower.Id] = 2 }, check.CreatedPerUnion());
    }

    [Fact]
    public void Each_broken_cell_is_named_by_row_and_column()
    {
        var check = Check([
            Row(2, "", Id(1)[..17] + (Id(1)[17] == '0' ? '1' : '0'), "1398765000"),
            Row(3, "李4", "5.30102E+17", "13987650003", union: "530102999", joined: "2015-13-01"),
            Row(4, "王芳", Id(4, birthYear: 2005), "13987650004", joined: "2019-01-01", external: "=1+1"),
            Row(5, "赵强", Id(5), "13987650005", union: "530102", joined: "2030-01-01"),
        ], out _);

        var messages = Messages(check);
        Assert.Contains("第 2 行「姓名」：不能为空", messages);
        Assert.Contains("第 2 行「身份证号」：身份证号校验位不正确，请核对后重新输入", messages);
        Assert.Contains("第 2 行「手机号」：“1398765000”不是有效的手机号（11 位，以 1 开头）", messages);
        Assert.Contains(messages, m => m.StartsWith("第 3 行「姓名」：“李4”不是有效的姓名", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("第 3 行「身份证号」：身份证号被表格软件存成了数字（科学计数法）", StringComparison.Ordinal));
        Assert.Contains("第 3 行「入会日期」：“2015-13-01”不是有效日期，请写成 2015-05-01", messages);
        Assert.Contains("第 4 行「入会日期」：2019-01-01 早于会员年满 16 周岁（按身份证号的出生日期），请核对", messages);
        Assert.Contains("第 4 行「原会员证号」：只能包含数字、字母、汉字和 - _ / . # 括号", messages);
        Assert.Contains("第 5 行「入会日期」：2030-01-01 晚于今天", messages);
        Assert.Equal(0, check.ToCreate);
    }

    [Fact]
    public void Unions_must_be_in_scope_and_take_members()
    {
        var check = Check([
            Row(2, "李秀兰", Id(1), "13987650001", union: "530302"),
            Row(3, "王芳", Id(2), "13987650002", union: "530102"),
        ], out _);

        Assert.Equal(
            ["第 2 行「所在工会（代码）」：未找到代码为 530302 的工会，或该工会不在您的管辖范围内",
             "第 3 行「所在工会（代码）」：“五华区总工会”不直接发展会员，请填写会员所在的基层工会（或区域性、行业工会）的代码"],
            Messages(check));
    }

    [Fact]
    public void Duplicates_inside_the_file_point_at_the_first_row()
    {
        var check = Check([
            Row(2, "李秀兰", Id(1), "13987650001", external: "A-1"),
            Row(3, "李秀兰", Id(1), "13987650009"),
            Row(4, "王芳", Id(2), "13987650001"),
            Row(5, "赵强", Id(3), "13987650003", external: "A-1"),
            Row(6, "钱明", Id(6), "13987650006", union: "530102900", external: "A-1"),
        ], out _);

        Assert.Equal(
            ["第 3 行「身份证号」：与第 2 行的身份证号重复",
             "第 4 行「手机号」：与第 2 行的手机号重复（一个手机号只能登记一名会员）",
             "第 5 行「原会员证号」：与第 2 行的原会员证号重复（同一工会内）"],
            Messages(check));
        Assert.Equal(2, check.Good); // rows 2 and 6: the same external number in another union is fine
    }

    [Fact]
    public void Registered_members_in_the_same_union_are_left_alone_and_elsewhere_refused()
    {
        var check = Check([
            Row(2, "李秀兰", Id(1), "13987650001"),
            Row(3, "王芳", Id(2), "13987650002"),
            Row(4, "赵强", Id(3), "13987650003"),
            Row(5, "钱明", Id(4), "13987650004"),
        ], out _);
        var outside = Guid.NewGuid();

        check.AddRegistered([("h:" + Id(1), tree.YunneiPower.Id, "h:13987650001"), ("h:" + Id(2), tree.WuhuaRiders.Id, "h:x"), ("h:" + Id(3), outside, "h:y")],
            id => id == tree.WuhuaRiders.Id ? tree.WuhuaRiders.Name : null);
        check.AddRegisteredPhones(["h:13987650001", "h:13987650004"]);

        Assert.Equal(
            [$"第 3 行「身份证号」：该身份证号已是“{tree.WuhuaRiders.Name}”的在册会员，不能重复登记；如已转会，请先办理会籍转移",
             "第 4 行「身份证号」：该身份证号已是您管辖范围以外的工会的在册会员，不能重复登记；如已转会，请先办理会籍转移",
             "第 5 行「手机号」：该手机号已登记在另一名在册会员名下（一个手机号只能登记一名会员）"],
            Messages(check));
        Assert.True(check.IsUnchanged("h:" + Id(1)));
        Assert.Equal((1, 0), (check.Unchanged, check.ToCreate));
    }

    [Fact]
    public void A_sheet_without_the_required_columns_says_which_are_missing()
    {
        var lines = MemberSheet.Read([new SheetRow(1, ["姓名", "身份证号码", "手机"]), Row(2, "李秀兰", Id(1), "13987650001")], Today).ToList();

        Assert.Equal("第 1 行：表头缺少“所在工会（代码）”“入会日期”列，请下载模板填写", Assert.Single(Assert.Single(lines).Errors).ToString());
    }

    [Fact]
    public void Kept_errors_are_bounded_but_all_are_counted()
    {
        var unions = new Dictionary<string, MemberImportUnion>();
        var check = new MemberImportCheck(unions, v => v, maxErrorsKept: 3);
        foreach (var line in MemberSheet.Read([Header, .. Enumerable.Range(2, 10).Select(n => Row(n, "李秀兰", Id(n), $"1398765{n:D4}"))], Today))
        {
            check.Add(line);
        }

        Assert.Equal((10, 3), (check.ErrorCount, check.Errors.Count));
    }
}
