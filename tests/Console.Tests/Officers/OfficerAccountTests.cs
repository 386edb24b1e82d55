using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Officers;

[Collection(ConsoleCollection.Name)]
public sealed class OfficerAccountTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_administrator_creates_an_account_in_the_subtree_which_logs_in_and_loses_its_session_when_disabled()
    {
        var admin = await console.LoggedInAsync("km.shi");
        await admin.GetByRole(AriaRole.Link, new() { Name = "干部账号" }).ClickAsync();
        await Expect(admin.GetByTestId("officers")).ToContainTextAsync("km.guandu");
        await Expect(admin.GetByTestId("officers")).Not.ToContainTextAsync("qj.shi");
        await ConsoleFixture.ScreenshotAsync(admin, "08-officers");

        await admin.GetByRole(AriaRole.Link, new() { Name = "新建干部账号" }).ClickAsync();
        await admin.GetByLabel(new Regex("^用户名")).FillAsync("km.guandu2");
        await admin.GetByLabel(new Regex("^姓名或称呼")).FillAsync("官渡区总工会 审核员 周敏");
        await admin.GetByLabel(new Regex("^所属工会")).SelectOptionAsync(new SelectOptionValue { Label = "　　官渡区总工会" });
        await admin.GetByLabel("入会审核").CheckAsync();
        await ConsoleFixture.ScreenshotAsync(admin, "09-new-officer");
        await admin.GetByRole(AriaRole.Button, new() { Name = "创建账号并生成初始密码" }).ClickAsync();
        var password = (await admin.GetByTestId("temporary-password").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Za-z0-9]{12}$", password);

        // A password someone else chose opens only the password page until the officer picks their own.
        var created = await console.LoggedInAsync("km.guandu2", password, "**/console/account/password");
        await created.GotoAsync("/console/membership");
        await Expect(created).ToHaveURLAsync(new Regex("/console/account/password$"));
        await created.GetByLabel("当前密码").FillAsync(password);
        await created.GetByLabel(new Regex("^新密码")).FillAsync("Guandu2026own");
        await created.GetByLabel("再次输入新密码").FillAsync("Guandu2026own");
        await created.GetByRole(AriaRole.Button, new() { Name = "保存新密码" }).ClickAsync();
        await Expect(created.GetByRole(AriaRole.Status)).ToContainTextAsync("密码已修改");
        await created.GotoAsync("/console");
        await Expect(created.GetByTestId("officer")).ToHaveTextAsync("官渡区总工会 审核员 周敏（官渡区总工会）");
        await Expect(created.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).ToContainTextAsync("入会审核");
        await Expect(created.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).Not.ToContainTextAsync("干部账号");
        var forbidden = await created.GotoAsync("/console/officers");
        Assert.Equal(403, forbidden!.Status);

        await admin.GotoAsync("/console/officers?q=km.guandu2");
        await admin.GetByText("停用", new() { Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "确认停用 km.guandu2" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("账号已停用");
        await Expect(admin.GetByTestId("officers")).ToContainTextAsync("已停用");

        await created.GotoAsync("/console/membership");
        await Expect(created).ToHaveURLAsync(new Regex("/console/login"));
    }

    [Fact]
    public async Task Wrong_passwords_never_lock_the_account_and_the_officer_still_logs_in()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/login");
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("用户名").FillAsync("km.wuhua");
            await page.GetByLabel("密码").FillAsync("wrong-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误");
        }

        // From another address (through the trusted proxy on loopback) the account is open: nobody can lock it from outside.
        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/api/auth/officer-login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { username = "km.wuhua", password = ConsoleFixture.Password }),
        };
        elsewhere.Headers.Add("X-Forwarded-For", "192.0.2.10");
        Assert.Equal(200, (int)(await console.Client.Anonymous().SendAsync(elsewhere)).StatusCode);

        // And from here too: the wrong passwords so far were the free ones.
        await page.GetByLabel("用户名").FillAsync("km.wuhua");
        await page.GetByLabel("密码").FillAsync(ConsoleFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByTestId("officer")).ToContainTextAsync("五华区总工会");

        var admin = await console.LoggedInAsync("km.shi");
        await admin.GotoAsync("/console/officers?q=km.wuhua");
        await Expect(admin.GetByTestId("officers")).Not.ToContainTextAsync("已锁定");
    }

    [Fact]
    public async Task An_officer_without_review_permission_sees_no_review_menu_and_is_refused_the_queue()
    {
        var page = await console.LoggedInAsync("km.quiz");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).Not.ToContainTextAsync("入会审核");
        var response = await page.GotoAsync("/console/membership");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("没有使用该功能的权限");
    }
}
