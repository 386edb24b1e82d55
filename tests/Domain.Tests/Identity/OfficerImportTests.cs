using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;
using Changai.Domain.Tests.Organizations;

namespace Changai.Domain.Tests.Identity;

/// <summary>The officer import sheet, cell by cell, and its account rules: scope, permissions held, usernames, re-import.</summary>
public sealed class OfficerImportTests
{
    private readonly UnionTree tree = new();

    private readonly Officer importer;

    public OfficerImportTests() => importer = Account("km.admin", tree.Kunming.Id, OfficerPermissions.ReviewMembership | OfficerPermissions.ManageOfficers | OfficerPermissions.ReviewSubsidies);

    private static Officer Account(string username, Guid unionId, OfficerPermissions permissions, string name = "某干部", string? phoneHash = null) => new()
    {
        Id = Guid.NewGuid(), Username = username, DisplayName = name, PasswordHash = "", UnionId = unionId, Permissions = permissions, PhoneHash = phoneHash,
    };

    private static SheetRow Row(int number, params string[] cells) => new(number, cells);

    private static string Hash(string phone) => "h:" + phone;

    private OfficerImport Plan(IReadOnlyCollection<Officer> existing, params SheetRow[] rows)
    {
        var (parsed, errors) = OfficerSheet.Parse([Row(1, [.. OfficerSheet.Header]), .. rows]);
        return new OfficerImport(parsed, errors, importer, [.. tree.All.Where(tree.Kunming.Contains)], existing, Hash);
    }

    private static IReadOnlyList<string> Messages(OfficerImport plan) => [.. plan.Errors.Select(e => e.ToString())];

    [Fact]
    public void Each_bad_cell_is_named_by_row_and_column()
    {
        var plan = Plan([],
            Row(2, "Bad Name", "张三", "530102", "入会审核", "13900000000"),
            Row(3, "wh.li", "", "530102", "入会审核、审批一切", "1390000"),
            Row(4, "wh.wang", "王五", "", "", ""));
        Assert.Equal(
        [
            "第 2 行「用户名」：“Bad Name”不符合要求：需 3–32 位，以小写字母开头，只含小写字母、数字和 . _ -",
            "第 3 行「姓名」：不能为空",
            "第 3 行「手机号」：“1390000”不是有效的手机号（11 位，以 1 开头）",
            $"第 3 行「权限」：“审批一切”不是可识别的权限，可填：{string.Join("、", OfficerSheet.PermissionNames.Keys)}",
            "第 4 行「所属工会代码」：不能为空，请填写工会代码或统一社会信用代码",
            "第 4 行「权限」：不能为空，请至少填写一项权限",
        ], Messages(plan));
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void The_union_must_be_in_the_subtree_and_open_and_only_held_permissions_are_granted()
    {
        var closed = UnionTree.Make(tree.Wuhua, "530102009", "已撤销的工会", UnionKind.Grassroots, "530102", "5301");
        closed.ClosedAt = DateTime.UtcNow;
        var (parsed, cellErrors) = OfficerSheet.Parse(
        [
            Row(1, [.. OfficerSheet.Header]),
            Row(2, "qj.zhang", "张三", "530302", "入会审核"),
            Row(3, "wh.li", "李四", "530102", "入会审核，培训管理"),
            Row(4, "gone.wang", "王五", "530102009", "入会审核"),
            Row(5, "wh.zhao", "赵六", "530102", "入会审核 补助审核", "139 0000 0001"),
        ]);
        var plan = new OfficerImport(parsed, cellErrors, importer, [.. tree.All.Where(tree.Kunming.Contains), closed], [], Hash);
        Assert.Equal(
        [
            "第 2 行「所属工会代码」：未找到代码为 530302 的工会，或该工会不在您的管辖范围内",
            "第 3 行「权限」：您本人没有“培训管理”权限，不能授予",
            "第 4 行「所属工会代码」：“已撤销的工会”已撤销，不能再添加干部账号",
        ], Messages(plan));
        var ok = Assert.Single(plan.Items);
        Assert.Equal(("wh.zhao", tree.Wuhua.Id, OfficerPermissions.ReviewMembership | OfficerPermissions.ReviewSubsidies, "13900000001", OfficerImportAction.Create),
            (ok.Username, ok.Union.Id, ok.Permissions, ok.Phone, ok.Action));
    }

    [Fact]
    public void A_username_twice_in_the_file_taken_elsewhere_or_the_importers_own_is_refused()
    {
        var elsewhere = Account("qj.taken", tree.Qilin.Id, OfficerPermissions.ReviewMembership);
        var sibling = Account("km.taken", tree.Wuhua.Id, OfficerPermissions.ReviewMembership);
        var plan = Plan([elsewhere, sibling, importer],
            Row(2, "wh.dup", "甲", "530102", "入会审核"),
            Row(3, "wh.dup", "乙", "530102", "入会审核"),
            Row(4, "qj.taken", "丙", "530102", "入会审核"),
            Row(5, "km.taken", "丁", "5301", "入会审核"),
            Row(6, "km.admin", "戊", "5301", "入会审核"));
        Assert.Equal(
        [
            "第 3 行「用户名」：wh.dup 与第 2 行重复",
            "第 4 行「用户名」：用户名 qj.taken 已被使用，请换一个",
            "第 5 行「用户名」：用户名 km.taken 已是“五华区总工会”的干部账号；同一用户名不能用于另一个工会",
            "第 6 行「用户名」：这是您本人的账号，不能通过导入修改",
        ], Messages(plan));
    }

    [Fact]
    public void The_same_row_again_changes_nothing_and_a_changed_row_updates_the_account()
    {
        var same = Account("wh.li", tree.Wuhua.Id, OfficerPermissions.ReviewMembership, "李四", Hash("13900000002"));
        var renamed = Account("wh.zhou", tree.Wuhua.Id, OfficerPermissions.ReviewMembership, "周某");
        var plan = Plan([same, renamed],
            Row(2, "wh.li", "李四", "530102", "入会审核", "13900000002"),
            Row(3, "wh.zhou", "周敏", "530102", "入会审核"),
            Row(4, "wh.new", "新人", "530102001", "补助审核"));
        Assert.Empty(plan.Errors);
        Assert.Equal([OfficerImportAction.Unchanged, OfficerImportAction.Update, OfficerImportAction.Create], plan.Items.Select(i => i.Action));
        Assert.Same(renamed, plan.Items[1].Existing);
    }

    [Fact]
    public void An_update_cannot_take_away_a_permission_the_importer_does_not_hold()
    {
        var trainer = Account("wh.trainer", tree.Wuhua.Id, OfficerPermissions.ReviewMembership | OfficerPermissions.ManageTraining);
        var plan = Plan([trainer], Row(2, "wh.trainer", "某干部", "530102", "入会审核"));
        Assert.Equal(["第 2 行「权限」：该账号现有的“培训管理”权限您本人没有，不能通过导入更改"], Messages(plan));
    }

    [Fact]
    public void Header_aliases_are_read_and_the_example_row_is_skipped()
    {
        var (rows, errors) = OfficerSheet.Parse(
        [
            Row(1, "登录名", "姓名或称呼", "工会代码", "权限", "手机号码"),
            Row(2, [.. OfficerSheet.ExampleRow]),
            Row(3, "wh.li", "李四", "530102", "入会审核"),
        ]);
        Assert.Empty(errors);
        Assert.Equal(("wh.li", 3), (Assert.Single(rows).Username, rows[0].Row));
        Assert.Equal("第 1 行：表头缺少“所属工会代码”“权限”列，请下载模板填写",
            Assert.Single(OfficerSheet.Parse([Row(1, "用户名", "姓名")]).Errors).ToString());
    }

    [Fact]
    public void Activation_codes_are_random_readable_and_typed_loosely()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => OfficerAccountRules.ActivationCode()).ToList();
        Assert.All(codes, c => Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", c));
        Assert.All(codes, c => Assert.DoesNotContain(c, ch => ch is 'O' or '0' or 'I' or '1' or 'L' or 'S' or '5'));
        Assert.Equal(200, codes.Distinct().Count());
        Assert.Equal("ABCDEFGHJKMN", OfficerAccountRules.NormalizeActivationCode(" abcd-efgh jkmn "));
    }
}
