using System.Text;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Officers;

[Collection(ConsoleCollection.Name)]
public sealed class OfficerImportTests(ConsoleFixture console)
{
    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\r\n", ["用户名,姓名,所属工会代码,权限,手机号", .. rows]) + "\r\n");

    private static Task UploadAsync(IPage page, byte[] file) =>
        page.GetByLabel(new Regex("^干部账号名单")).SetInputFilesAsync(new FilePayload { Name = "干部账号.csv", MimeType = "text/csv", Buffer = file });

    [Fact]
    public async Task Imported_officers_get_activation_codes_shown_once_and_activate_from_the_login_page()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"gd.a{stamp}", $"wh.b{stamp}");
        var broken = Csv(
            $"{first},官渡区 审核员 甲,530111,入会审核、补助审核,13900003333",
            $"{second},五华区 审核员 乙,530302,入会审核,",
            $"wh.c{stamp},五华区 审核员 丙,530102,审批一切,");
        var admin = await console.LoggedInAsync("km.shi");
        await admin.GetByRole(AriaRole.Link, new() { Name = "干部账号" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "导入干部账号" }).ClickAsync();
        await UploadAsync(admin, broken);
        await admin.GetByRole(AriaRole.Button, new() { Name = "检查文件（不导入）" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("检查发现 2 处错误");
        var errors = admin.GetByTestId("import-errors");
        await Expect(errors.Locator("tr", new() { HasText = "所属工会代码" })).ToContainTextAsync("未找到代码为 530302 的工会");
        await Expect(errors.Locator("tr", new() { HasText = "权限" })).ToContainTextAsync("“审批一切”不是可识别的权限");
        await Expect(admin.GetByTestId("import-rows")).ToContainTextAsync("139****3333");
        await ConsoleFixture.ScreenshotAsync(admin, "44-officer-import-errors");

        await UploadAsync(admin, broken);
        await admin.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("未导入任何账号");
        await Expect(admin.GetByTestId("activation-codes")).ToHaveCountAsync(0);

        await UploadAsync(admin, Csv($"{first},官渡区 审核员 甲,530111,入会审核、补助审核,13900003333", $"{second},五华区 审核员 乙,530102,入会审核,"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入：新增 2 个");
        var codes = admin.GetByTestId("activation-codes");
        await Expect(codes).ToContainTextAsync("只显示这一次");
        var code = (await codes.Locator("tr", new() { HasText = first }).GetByTestId("activation-code").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", code);
        await ConsoleFixture.ScreenshotAsync(admin, "45-officer-import-codes");

        // Shown once: the list says the accounts wait for activation, and no page shows the code again.
        await admin.GotoAsync("/console/officers?q=" + first);
        await Expect(admin.GetByTestId("officers")).ToContainTextAsync("待激活");
        await Expect(admin.GetByTestId("officers")).ToContainTextAsync("139****3333");
        await admin.GotoAsync("/console/officers/import");
        await Expect(admin.Locator("body")).Not.ToContainTextAsync(code);

        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "用激活码激活账号" }).ClickAsync();
        await page.GetByLabel("用户名").FillAsync(first);
        await page.GetByLabel("激活码").FillAsync("ABCD-EFGH-JKMN");
        await page.GetByLabel(new Regex("^设置密码")).FillAsync("Guandu2026mine");
        await page.GetByLabel("再次输入密码").FillAsync("Guandu2026mine");
        await page.GetByRole(AriaRole.Button, new() { Name = "激活并登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或激活码错误");
        await page.GetByLabel("激活码").FillAsync(code.ToLowerInvariant());
        await page.GetByLabel(new Regex("^设置密码")).FillAsync("Guandu2026mine");
        await page.GetByLabel("再次输入密码").FillAsync("Guandu2026mine");
        await ConsoleFixture.ScreenshotAsync(page, "46-officer-activate");
        await page.GetByRole(AriaRole.Button, new() { Name = "激活并登录" }).ClickAsync();
        await Expect(page.GetByTestId("officer")).ToHaveTextAsync("官渡区 审核员 甲（官渡区总工会）");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).ToContainTextAsync("补贴审核");

        // The code is spent; the chosen password logs in.
        var again = await console.NewPageAsync();
        await again.GotoAsync("/console/activate");
        await again.GetByLabel("用户名").FillAsync(first);
        await again.GetByLabel("激活码").FillAsync(code);
        await again.GetByLabel(new Regex("^设置密码")).FillAsync("Another2026pass");
        await again.GetByLabel("再次输入密码").FillAsync("Another2026pass");
        await again.GetByRole(AriaRole.Button, new() { Name = "激活并登录" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或激活码错误");
        var login = await console.LoggedInAsync(first, "Guandu2026mine");
        await Expect(login.GetByTestId("officer")).ToContainTextAsync("官渡区总工会");
    }
}
