using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Organizations;

[Collection(ConsoleCollection.Name)]
public sealed class UnionTreeTests(ConsoleFixture console)
{
    private static int next = Random.Shared.Next(1, 1_000_000);

    /// <summary>A valid union credit code (GB 32100 check character computed here, independently of the code under test).</summary>
    private static string NewCreditCode(bool grassroots)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var first17 = $"8{(grassroots ? '1' : '9')}530102MC{Interlocked.Increment(ref next):D7}";
        var sum = first17.Select((c, i) => alphabet.IndexOf(c) * weights[i]).Sum();
        return first17 + alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>A union made over the API (the scene for the console), under 五华区.</summary>
    private async Task<(string Code, string Name)> UnionOverApiAsync(string name, bool grassroots = true)
    {
        var officer = await console.Client.OfficerAsync("km.shi");
        var wuhua = await ApiClient.ReadAsync(await officer.GetAsync("/api/officer/unions/search?keyword=530102"));
        var code = NewCreditCode(grassroots);
        await ApiClient.ReadAsync(await officer.PostAsJsonAsync("/api/officer/unions", new
        {
            parentId = (string)wuhua["items"]![0]!["id"]!, name, creditCode = code, kind = grassroots ? "grassroots" : "regional", regionCode = "530102",
        }), HttpStatusCode.Created);
        return (code, name);
    }

    private static ILocator Node(IPage page, string code) => page.Locator($"li[data-code='{code}']").First;

    [Fact]
    public async Task An_officer_opens_the_tree_level_by_level_then_creates_moves_and_closes_a_union()
    {
        var stamp = Interlocked.Increment(ref next);
        var page = await console.LoggedInAsync("km.shi");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "工会组织" }).ClickAsync();
        var tree = page.GetByTestId("union-tree");
        await Expect(Node(page, "5301").Locator(".node").First).ToContainTextAsync("昆明市总工会");
        await Expect(Node(page, "530111")).ToContainTextAsync("官渡区总工会");
        await Expect(Node(page, "530111").GetByTestId("counts").First).ToContainTextAsync(new Regex(@"会员 \d+ · 待审入会 \d+ · 干部 [1-9]\d* · 下级 [1-9]"));
        await Expect(tree).Not.ToContainTextAsync("云南云内动力集团有限公司工会");

        // Expanding a node loads its children (and their counts) only now.
        await page.GetByRole(AriaRole.Link, new() { Name = "展开 官渡区总工会" }).ClickAsync();
        await Expect(Node(page, "530111001")).ToContainTextAsync("云南云内动力集团有限公司工会");
        await ConsoleFixture.ScreenshotAsync(page, "40-union-tree");

        // Create under 五华区, from its page.
        var name = $"某某精密{stamp}有限公司工会";
        var code = NewCreditCode(grassroots: true);
        await Node(page, "530102").GetByRole(AriaRole.Link, new() { Name = "五华区总工会", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "在此工会下新建下级工会" }).ClickAsync();
        await Expect(page.GetByTestId("parent")).ToHaveTextAsync("五华区总工会");
        await page.GetByLabel("工会名称").FillAsync(name);
        await page.GetByLabel(new Regex("^统一社会信用代码")).FillAsync(code[..17] + (code[^1] == '0' ? '1' : '0'));
        await page.GetByLabel("组织类型").SelectOptionAsync(new SelectOptionValue { Label = "基层工会" });
        await page.GetByRole(AriaRole.Button, new() { Name = "创建工会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("统一社会信用代码校验码不正确");
        await page.GetByLabel(new Regex("^统一社会信用代码")).FillAsync(code);
        await page.GetByLabel("联系人").FillAsync("李四");
        await ConsoleFixture.ScreenshotAsync(page, "41-new-union");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建工会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("工会已创建");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();

        // A worker finds it in the mini-program's search at once and applies; the tree counts the application.
        await console.Client.ApplyAsync("周敏", name);
        await page.GotoAsync("/console/unions");
        await page.GetByRole(AriaRole.Link, new() { Name = "展开 五华区总工会" }).ClickAsync();
        await Expect(Node(page, code).GetByTestId("counts")).ToContainTextAsync("待审入会 1");

        // Move it under a street union: the whole subtree and its application go along.
        var street = await UnionOverApiAsync($"护国街道{stamp}总工会", grassroots: false);
        await page.GetByLabel("工会名称、代码或统一社会信用代码").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.GetByTestId("union-hits")).ToContainTextAsync("昆明市总工会 › 五华区总工会");
        await page.GetByTestId("union-hits").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByLabel(new Regex("^新的上级工会")).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "调整上级工会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("未找到代码为");
        await page.GetByLabel(new Regex("^新的上级工会")).FillAsync(street.Code);
        await page.GetByLabel("调整原因").FillAsync("划归街道总工会管理");
        await page.GetByRole(AriaRole.Button, new() { Name = "调整上级工会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已调整上级工会");
        await Expect(page.GetByTestId("ancestors")).ToHaveTextAsync($"昆明市总工会 › 五华区总工会 › {street.Name} › {name}");
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("1");
        await ConsoleFixture.ScreenshotAsync(page, "42-union-moved");

        // Close it into another union: the open application goes there; the union leaves the tree.
        var receiving = await UnionOverApiAsync($"某某电子{stamp}有限公司工会");
        await page.GetByLabel("合并到其他工会").CheckAsync();
        await page.GetByLabel(new Regex("^接收会员的工会")).FillAsync(receiving.Code);
        await page.GetByLabel(new Regex("^原因")).FillAsync("两企业合并");
        await page.GetByText("撤销本工会").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"确认撤销“{name}”" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 份待审入会申请已转交");
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("已合并");
        await Expect(page.GetByTestId("facts")).ToContainTextAsync(receiving.Name);
        await ConsoleFixture.ScreenshotAsync(page, "43-union-closed");

        await page.GotoAsync("/console/unions");
        await page.GetByRole(AriaRole.Link, new() { Name = "展开 五华区总工会" }).ClickAsync();
        await Expect(Node(page, receiving.Code).GetByTestId("counts")).ToContainTextAsync("待审入会 1");
        await Expect(Node(page, street.Code).GetByTestId("counts")).ToContainTextAsync("下级 0");
        await page.GetByRole(AriaRole.Link, new() { Name = "显示已撤销的工会" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "展开 " + street.Name }).ClickAsync();
        await Expect(Node(page, code)).ToContainTextAsync("已撤销");
    }

    [Fact]
    public async Task An_officer_cannot_move_a_union_under_its_own_descendant_and_another_branch_sees_nothing()
    {
        var stamp = Interlocked.Increment(ref next);
        var street = await UnionOverApiAsync($"环城街道{stamp}总工会", grassroots: false);
        var officer = await console.Client.OfficerAsync("km.shi");
        var streetId = (string)(await ApiClient.ReadAsync(await officer.GetAsync("/api/officer/unions/search?keyword=" + street.Code)))["items"]![0]!["id"]!;
        var childCode = NewCreditCode(grassroots: true);
        await ApiClient.ReadAsync(await officer.PostAsJsonAsync("/api/officer/unions", new
        {
            parentId = streetId, name = $"环城{stamp}某厂工会", creditCode = childCode, kind = "grassroots", regionCode = "530102",
        }), HttpStatusCode.Created);

        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync($"/console/unions/{streetId}");
        await page.GetByLabel(new Regex("^新的上级工会")).FillAsync(childCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "调整上级工会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("不能把");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("移到它自己或它的下级工会之下");
        await Expect(page.GetByTestId("ancestors")).ToHaveTextAsync($"昆明市总工会 › 五华区总工会 › {street.Name}");

        var qujing = await console.LoggedInAsync("qj.shi");
        var response = await qujing.GotoAsync($"/console/unions/{streetId}");
        Assert.Equal(404, response!.Status);
        await Expect(qujing.GetByTestId("union-tree")).ToHaveCountAsync(0);
        await qujing.GotoAsync("/console/unions?q=" + Uri.EscapeDataString(street.Name));
        await Expect(qujing.GetByTestId("union-hits").Locator("tbody tr")).ToHaveCountAsync(0);
    }
}
