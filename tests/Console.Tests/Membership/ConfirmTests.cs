using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Membership;

/// <summary>Irreversible decisions ask first (the console's own script, under the page's CSP); "select all" on the batch page.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConfirmTests(ConsoleFixture console)
{
    [Fact]
    public async Task Approving_asks_first_and_a_dismissed_question_decides_nothing()
    {
        var applicant = await console.Client.ApplyAsync("冯思远");
        var page = await console.LoggedInAsync("km.shi");
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        await page.GotoAsync($"/console/membership/{applicant.ApplicationId}");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待审核");

        console.DeclineConfirmations(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过并发放会员号" }).ClickAsync();
        Assert.Equal("确定审核通过并发放会员号？通过后不能撤回。", console.LastDialog(page));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待审核");
        var mine = await ApiClient.ReadNodeAsync(await applicant.Http.GetAsync("/api/membership/applications/mine"));
        Assert.Equal("submitted", (string?)mine[0]!["status"]);

        await page.GetByLabel("退回修改的意见（必填，申请人可见）").FillAsync("请补充劳动合同");
        await page.GetByRole(AriaRole.Button, new() { Name = "不予通过" }).ClickAsync();
        Assert.Equal("确定不予通过？该申请将办结，不能撤回。", console.LastDialog(page));
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待审核");

        console.DeclineConfirmations(page, decline: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过并发放会员号" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("已通过");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已审核通过");
        Assert.Empty(errors); // no CSP refusal of the script, no script error
    }

    [Fact]
    public async Task Select_all_ticks_the_page_and_the_batch_is_approved_only_once_confirmed()
    {
        await console.Client.ApplyAsync("褚明远", "一心堂");
        await console.Client.ApplyAsync("褚明辉", "一心堂");
        var page = await console.LoggedInAsync("km.guandu");
        var queue = "/console/membership?q=" + Uri.EscapeDataString("褚明");
        await page.GotoAsync(queue);
        var rows = page.GetByTestId("queue").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);

        await page.GetByLabel("全选本页申请").CheckAsync();
        await Expect(page.GetByLabel("选择 褚明远 的申请")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("选择 褚明辉 的申请")).ToBeCheckedAsync();
        await ConsoleFixture.ScreenshotAsync(page, "91-batch-select-all");
        await page.GetByLabel("全选本页申请").UncheckAsync();
        await Expect(page.GetByLabel("选择 褚明远 的申请")).Not.ToBeCheckedAsync();
        await page.GetByLabel("全选本页申请").CheckAsync();

        console.DeclineConfirmations(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "批量通过所选申请" }).ClickAsync();
        Assert.StartsWith("确定批量通过所选申请？", console.LastDialog(page));
        await page.GotoAsync(queue);
        await Expect(rows).ToHaveCountAsync(2);

        console.DeclineConfirmations(page, decline: false);
        await page.GetByLabel("全选本页申请").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "批量通过所选申请" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已批量通过 2 份入会申请");
        await Expect(page.GetByTestId("queue")).Not.ToContainTextAsync("褚明");
    }
}
