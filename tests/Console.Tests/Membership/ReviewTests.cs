using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Membership;

[Collection(ConsoleCollection.Name)]
public sealed class ReviewTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_officer_logs_in_approves_an_application_made_over_the_api_and_the_dashboard_counts_it()
    {
        var applicant = await console.Client.ApplyAsync("张建国");
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/membership");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login\\?returnUrl=%2Fconsole%2Fmembership"));
        await ConsoleFixture.ScreenshotAsync(page, "01-login");
        await page.GetByLabel("用户名").FillAsync("km.shi");
        await page.GetByLabel("密码").FillAsync(ConsoleFixture.Password);
        await page.GetByLabel("密码").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/console/membership$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "数据概览" }).ClickAsync();
        var members = await NumberAsync(page, "kpi-members");
        var waiting = await NumberAsync(page, "kpi-waiting");
        Assert.True(waiting >= 1);
        await Expect(page.GetByTestId("training-fill")).ToContainTextAsync("官渡区");
        await Expect(page.GetByTestId("subsidy-money")).ToContainTextAsync("昆明市困难职工帮扶");
        await ConsoleFixture.ScreenshotAsync(page, "02-dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "入会审核" }).ClickAsync();
        var row = page.GetByTestId("queue").Locator("tbody tr", new() { HasText = "张建国" });
        await Expect(row).ToContainTextAsync("云南云内动力集团有限公司工会");
        await Expect(row).ToContainTextAsync(applicant.IdNumber[..1] + "****************" + applicant.IdNumber[^1..]);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(applicant.IdNumber);
        await ConsoleFixture.ScreenshotAsync(page, "03-review-queue");

        await row.GetByRole(AriaRole.Link, new() { Name = "张建国" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入会申请：张建国" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待审核");
        await ConsoleFixture.ScreenshotAsync(page, "04-application");
        await page.GetByLabel("审核意见（选填）").FillAsync("材料齐全，同意入会");
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过并发放会员号" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(new Regex(@"已审核通过，会员号 5301-\d{8}-530111001-\d{5}"));
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("已通过");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("审核通过，已成为工会会员：材料齐全，同意入会");
        await ConsoleFixture.ScreenshotAsync(page, "05-application-approved");

        // The worker holds a card with the number the console announced.
        var card = await ApiClient.ReadAsync(await applicant.Http.GetAsync("/api/membership/card"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync((string)card["membershipNumber"]!);

        await page.GetByRole(AriaRole.Link, new() { Name = "数据概览" }).ClickAsync();
        Assert.Equal(members + 1, await NumberAsync(page, "kpi-members"));
        Assert.Equal(waiting - 1, await NumberAsync(page, "kpi-waiting"));
        await Expect(page.GetByTestId("areas").GetByRole(AriaRole.Row, new() { Name = "官渡区总工会" })).ToContainTextAsync("%");
        await ConsoleFixture.ScreenshotAsync(page, "06-dashboard-after-approval");
    }

    [Fact]
    public async Task An_officer_of_another_branch_cannot_see_open_or_decide_the_application()
    {
        var applicant = await console.Client.ApplyAsync("李秀兰");
        var qujing = await console.LoggedInAsync("qj.shi");
        await qujing.GetByRole(AriaRole.Link, new() { Name = "入会审核" }).ClickAsync();
        await Expect(qujing.GetByTestId("queue")).Not.ToContainTextAsync("李秀兰");

        var response = await qujing.GotoAsync($"/console/membership/{applicant.ApplicationId}");
        Assert.Equal(404, response!.Status);
        await Expect(qujing.GetByRole(AriaRole.Alert)).ToHaveTextAsync("未找到该申请，或不在您的管辖范围内");
        await ConsoleFixture.ScreenshotAsync(qujing, "07-other-branch-refused");

        // Even a hand-made POST with a valid session and token is refused, and nothing changes.
        var token = await qujing.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var approve = await qujing.Context.APIRequest.PostAsync($"/console/membership/{applicant.ApplicationId}/approve", new()
        {
            Form = qujing.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("comment", ""),
        });
        Assert.Equal(404, approve.Status);
        var kunming = await console.Client.OfficerAsync("km.shi");
        var detail = await ApiClient.ReadAsync(await kunming.GetAsync($"/api/officer/membership/applications/{applicant.ApplicationId}"));
        Assert.Equal("submitted", (string?)detail["status"]);
    }

    [Fact]
    public async Task A_return_needs_a_reason_and_the_worker_sees_it()
    {
        var applicant = await console.Client.ApplyAsync("王德明");
        var page = await console.LoggedInAsync("km.guandu");
        await page.GotoAsync($"/console/membership/{applicant.ApplicationId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        // The browser refuses an empty required field; the officer types the reason.
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待审核");
        await page.GetByLabel("退回修改的意见（必填，申请人可见）").FillAsync("请上传劳动合同首页");
        await page.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已退回申请人修改");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("已退回修改");

        var mine = await ApiClient.ReadNodeAsync(await applicant.Http.GetAsync("/api/membership/applications/mine"));
        Assert.Equal("returned", (string?)mine[0]!["status"]);
        Assert.Equal("请上传劳动合同首页", (string?)mine[0]!["reviewComment"]);
    }

    [Fact]
    public async Task Ticked_applications_are_approved_together_and_leave_the_queue()
    {
        var first = await console.Client.ApplyAsync("赵春梅", "一心堂");
        var second = await console.Client.ApplyAsync("钱立新", "一心堂");
        var page = await console.LoggedInAsync("km.guandu");
        await page.GotoAsync("/console/membership?q=" + Uri.EscapeDataString("赵春梅"));
        await Expect(page.GetByTestId("queue").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GotoAsync("/console/membership");
        await page.GetByLabel("选择 赵春梅 的申请").CheckAsync();
        await page.GetByLabel("选择 钱立新 的申请").CheckAsync();
        await page.GetByLabel("审核意见（选填，记入每份申请的审核记录）").FillAsync("集中审核");
        await page.GetByRole(AriaRole.Button, new() { Name = "批量通过所选申请" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已批量通过 2 份入会申请");
        await Expect(page.GetByTestId("queue")).Not.ToContainTextAsync("赵春梅");
        await Expect(page.GetByTestId("queue")).Not.ToContainTextAsync("钱立新");
        foreach (var applicant in new[] { first, second })
        {
            var card = await ApiClient.ReadAsync(await applicant.Http.GetAsync("/api/membership/card"));
            Assert.Matches(@"^5301-\d{8}-530111002-\d{5}$", (string)card["membershipNumber"]!);
        }
    }

    private static async Task<int> NumberAsync(IPage page, string testId) =>
        int.Parse((await page.GetByTestId(testId).InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
