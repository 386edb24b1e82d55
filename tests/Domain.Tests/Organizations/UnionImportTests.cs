using Changai.Domain.Organizations;
using Changai.Domain.Sheets;

namespace Changai.Domain.Tests.Organizations;

public sealed class UnionImportTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private readonly UnionTree tree = new();

    private static string Code(UnionKind kind, int n) => CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}530102MC{n:D7}");

    private static SheetRow Row(int number, params string[] cells) => new(number, cells);

    private static readonly SheetRow Header = Row(1, [.. UnionSheet.Header]);

    private static SheetRow Union(int number, string name, string code, string parent, string region = "530102", string kind = "基层工会",
        string organization = "", string industry = "", string founded = "", string contact = "", string phone = "") =>
        Row(number, name, code, parent, region, kind, organization, industry, founded, contact, phone);

    private UnionImport Plan(params SheetRow[] rows) => PlanUnder(tree.Kunming, rows);

    private UnionImport PlanUnder(Union root, SheetRow[] rows, IReadOnlySet<string>? elsewhere = null)
    {
        var (parsed, errors) = UnionSheet.Parse([Header, .. rows], Today);
        var subtree = tree.All.Where(root.Contains).ToList();
        return new UnionImport(parsed, errors, root, subtree, elsewhere ?? new HashSet<string>());
    }

    private static IReadOnlyList<string> Messages(UnionImport plan) => [.. plan.Errors.Select(e => e.ToString())];

    [Fact]
    public void A_sound_file_plans_a_tree_under_existing_and_new_parents()
    {
        var street = Code(UnionKind.Regional, 1);
        var plan = Plan(
            Union(2, "五华区护国街道总工会", street, "530102", kind: "区域性工会"),
            Union(3, "某某科技有限公司工会", Code(UnionKind.Grassroots, 2), street, organization: "某某科技有限公司", industry: "I", founded: "2021/3/8", contact: "李四", phone: "13987650001"),
            Union(4, "某某餐饮有限公司工会", Code(UnionKind.Grassroots, 3), "五华区护国街道总工会", industry: "住宿和餐饮业", phone: "0871-65432100"));

        Assert.Empty(plan.Errors);
        Assert.Equal(3, plan.Count(UnionImportAction.Create));
        var (created, updated) = plan.Apply(new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc));
        Assert.Empty(updated);
        var byName = created.ToDictionary(u => u.Name);
        var regional = byName["五华区护国街道总工会"];
        Assert.Equal(tree.Wuhua.Id, regional.ParentId);
        Assert.Equal($"/53/5301/530102/{street}/", regional.Path);
        Assert.Equal(street, regional.Code);
        Assert.Equal(regional.Id, byName["某某科技有限公司工会"].ParentId);
        Assert.Equal(regional.Id, byName["某某餐饮有限公司工会"].ParentId);
        Assert.Equal("H", byName["某某餐饮有限公司工会"].IndustrySection);
        Assert.Equal(new DateOnly(2021, 3, 8), byName["某某科技有限公司工会"].FoundedOn);
        Assert.Equal("5301", byName["某某科技有限公司工会"].PrefectureCode);
        Assert.All(created, u => Assert.True(u.AcceptsMembers));
        Assert.Equal(4, byName["某某科技有限公司工会"].Depth);
    }

    [Fact]
    public void Bad_cells_are_named_by_row_and_column()
    {
        var plan = Plan(
            Union(2, "", "81530102MC0000001X", "530102", kind: "基层工会"),
            Union(3, "某厂工会", Code(UnionKind.County, 5), "530102"),
            Union(4, "某店工会", Code(UnionKind.Grassroots, 6), "530102", region: "110101"),
            Union(5, "某站工会", Code(UnionKind.Grassroots, 7), "530102", kind: "兴趣小组"),
            Union(6, "某矿工会", Code(UnionKind.Grassroots, 8), "530102", founded: "2021-13-01", phone: "12345", industry: "Z"));

        var messages = Messages(plan);
        Assert.Contains("第 2 行「工会名称」：不能为空", messages);
        Assert.Contains("第 2 行「工会统一社会信用代码」：校验码不正确，请核对是否抄错", messages);
        Assert.Contains("第 3 行「工会统一社会信用代码」：第 2 位（机构类别）应为 1：基层工会为 1", messages);
        Assert.Contains("第 4 行「行政区划代码」：110101 不在云南省内（云南省的代码以 53 开头）", messages);
        Assert.Contains(messages, m => m.StartsWith("第 5 行「组织类型」：“兴趣小组”不是可识别的组织类型", StringComparison.Ordinal));
        Assert.Contains("第 6 行「建会日期」：“2021-13-01”不是有效日期，请写成 2020-05-01", messages);
        Assert.Contains(messages, m => m.StartsWith("第 6 行「联系电话」：“12345”不是有效的电话号码", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("第 6 行「所属行业」：“Z”不是国民经济行业分类", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => plan.Apply(DateTime.UtcNow));
    }

    [Fact]
    public void A_missing_required_column_is_named_in_the_header_row()
    {
        var (rows, errors) = UnionSheet.Parse([Row(1, "工会名称", "工会统一社会信用代码"), Row(2, "a", "b")], Today);
        Assert.Empty(rows);
        Assert.Equal("第 1 行：表头缺少“上级工会（代码或名称）”“行政区划代码”“组织类型”列，请下载模板填写", Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_parent_that_is_nowhere_is_refused()
    {
        var plan = Plan(Union(2, "某厂工会", Code(UnionKind.Grassroots, 1), "不存在的总工会"));
        Assert.Equal("第 2 行「上级工会（代码或名称）」：未找到上级工会“不存在的总工会”：上级工会须在本文件中，或已在您管辖的工会中", Assert.Single(Messages(plan)));
    }

    [Fact]
    public void A_parent_outside_the_officers_subtree_is_not_found_and_regions_stay_inside_it()
    {
        var plan = Plan(
            Union(2, "麒麟区某店工会", Code(UnionKind.Grassroots, 1), "530302", region: "530302"),
            Union(3, "某厂工会", Code(UnionKind.Grassroots, 2), "530102", region: "530302"));
        var messages = Messages(plan);
        Assert.Contains("第 2 行「上级工会（代码或名称）」：未找到上级工会“530302”：上级工会须在本文件中，或已在您管辖的工会中", messages);
        Assert.Contains("第 2 行「行政区划代码」：530302 不在您所在工会（昆明市总工会，530100）的地区范围内", messages);
        Assert.Contains("第 3 行「行政区划代码」：530302 不在您所在工会（昆明市总工会，530100）的地区范围内", messages);
    }

    [Fact]
    public void A_region_must_lie_inside_the_parents()
    {
        var plan = Plan(Union(2, "某厂工会", Code(UnionKind.Grassroots, 1), "530102", region: "530111"));
        Assert.Equal("第 2 行「行政区划代码」：530111 不在上级工会（五华区总工会，530102）的地区范围内", Assert.Single(Messages(plan)));
    }

    [Fact]
    public void Cycles_in_the_file_are_refused_on_every_row_of_the_loop()
    {
        var a = Code(UnionKind.Regional, 1);
        var b = Code(UnionKind.Regional, 2);
        var plan = Plan(
            Union(2, "甲联合会", a, b, kind: "区域性工会"),
            Union(3, "乙联合会", b, a, kind: "区域性工会"));
        var messages = Messages(plan);
        Assert.Contains("第 2 行「上级工会（代码或名称）」：上级关系形成循环：第 2 行 → 第 3 行 → 第 2 行", messages);
        Assert.Contains("第 3 行「上级工会（代码或名称）」：上级关系形成循环：第 2 行 → 第 3 行 → 第 2 行", messages);
    }

    [Fact]
    public void Duplicate_codes_and_duplicate_names_under_one_parent_are_refused()
    {
        var code = Code(UnionKind.Grassroots, 1);
        var plan = Plan(
            Union(2, "某厂工会", code, "530102"),
            Union(3, "另一厂工会", code, "530102"),
            Union(4, "某厂工会", Code(UnionKind.Grassroots, 2), "530102"),
            Union(5, "云内动力工会", Code(UnionKind.Grassroots, 3), "530102"));
        var messages = Messages(plan);
        Assert.Contains($"第 3 行「工会统一社会信用代码」：{code} 与第 2 行重复", messages);
        Assert.Contains("第 4 行「工会名称」：同一上级工会下已有同名工会（第 2 行）", messages);
        Assert.Contains("第 5 行「工会名称」：上级工会下已有同名工会“云内动力工会”（代码 530102001）", messages);
    }

    [Fact]
    public void A_code_held_outside_the_subtree_is_refused_by_name()
    {
        var code = Code(UnionKind.Grassroots, 1);
        var plan = PlanUnder(tree.Kunming, [Union(2, "某厂工会", code, "530102")], new HashSet<string> { code });
        Assert.Equal($"第 2 行「工会统一社会信用代码」：代码为 {code} 的工会已在系统中，但不在您的管辖范围内", Assert.Single(Messages(plan)));
    }

    [Fact]
    public void A_known_credit_code_updates_that_union_and_an_unchanged_row_changes_nothing()
    {
        var code = Code(UnionKind.Grassroots, 9);
        tree.YunneiPower.CreditCode = code;
        tree.YunneiPower.RegionCode = "530102";
        var same = Plan(Union(2, "云内动力工会", code, "530102"));
        Assert.Empty(same.Errors);
        Assert.Equal(1, same.Count(UnionImportAction.Unchanged));

        var renamed = Plan(Union(2, "云南云内动力集团有限公司工会", code, "530102", contact: "王五"));
        Assert.Empty(renamed.Errors);
        Assert.Equal(1, renamed.Count(UnionImportAction.Update));
        var (created, updated) = renamed.Apply(DateTime.UtcNow);
        Assert.Empty(created);
        Assert.Same(tree.YunneiPower, Assert.Single(updated));
        Assert.Equal("云南云内动力集团有限公司工会", tree.YunneiPower.Name);
        Assert.Equal("王五", tree.YunneiPower.ContactName);

        var moved = Plan(Union(2, "云内动力工会", code, "5301", region: "530102"));
        Assert.Equal("第 2 行「上级工会（代码或名称）」：与系统中该工会现有的上级工会不同；调整上级工会请在工会组织树中操作", Assert.Single(Messages(moved)));
    }

    [Fact]
    public void The_officers_own_union_cannot_be_imported()
    {
        tree.Kunming.CreditCode = Code(UnionKind.Prefecture, 1);
        var plan = Plan(Union(2, "昆明市总工会", tree.Kunming.CreditCode, "53", region: "530100", kind: "州(市)总工会"));
        Assert.Contains("第 2 行「工会统一社会信用代码」：这是您本人所在的工会，不能通过导入修改，请由上级工会办理", Messages(plan));
    }

    [Fact]
    public void The_templates_example_row_is_skipped()
    {
        var (rows, errors) = UnionSheet.Parse([Header, Row(2, [.. UnionSheet.ExampleRow])], Today);
        Assert.Empty(rows);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("530000", "53")]
    [InlineData("530100", "5301")]
    [InlineData("530111", "530111")]
    public void Region_prefixes_drop_trailing_zero_pairs(string region, string prefix) => Assert.Equal(prefix, Changai.Domain.Organizations.Union.RegionPrefix(region));
}
