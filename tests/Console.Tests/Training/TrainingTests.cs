using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Training;

[Collection(ConsoleCollection.Name)]
public sealed class TrainingTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_officer_opens_a_course_its_roster_and_the_self_refreshing_check_in_qr_which_another_branch_cannot_open()
    {
        var page = await console.LoggedInAsync("km.guandu");
        await page.GetByRole(AriaRole.Link, new() { Name = "技能培训" }).ClickAsync();
        var row = page.GetByTestId("courses").Locator("tbody tr", new() { HasText = "焊工（四级/中级工）技能提升培训" });
        await Expect(row).ToContainTextAsync("%");
        await ConsoleFixture.ScreenshotAsync(page, "17-training-courses");

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByTestId("sessions").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await ConsoleFixture.ScreenshotAsync(page, "18-training-course");

        await page.GetByTestId("sessions").GetByRole(AriaRole.Link, new() { Name = "名单与签到" }).First.ClickAsync();
        await Expect(page.GetByTestId("attendance")).ToContainTextAsync("出勤率");
        await ConsoleFixture.ScreenshotAsync(page, "19-training-roster");

        await page.GetByRole(AriaRole.Link, new() { Name = "打开签到二维码（投屏）" }).ClickAsync();
        var qr = page.GetByTestId("check-in-qr");
        Assert.True(await qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 100, "the QR is a real image rendered by the server");
        var refresh = await page.Locator("meta[http-equiv=refresh]").GetAttributeAsync("content");
        Assert.InRange(int.Parse(refresh!), 1, 30);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await ConsoleFixture.ScreenshotAsync(page, "20-training-qr");
        var qrUrl = page.Url;

        var qujing = await console.LoggedInAsync("qj.shi");
        var response = await qujing.GotoAsync(qrUrl);
        Assert.Equal(404, response!.Status);
        await Expect(qujing.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).ToContainTextAsync("技能培训");
        await Expect(page).ToHaveURLAsync(new Regex("/qr$"));
    }
}
