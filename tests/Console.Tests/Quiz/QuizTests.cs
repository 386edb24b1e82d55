using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Quiz;

[Collection(ConsoleCollection.Name)]
public sealed class QuizTests(ConsoleFixture console)
{
    private const string Header = "编号,题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,章节,标签,难度";

    [Fact]
    public async Task A_question_file_with_a_broken_row_is_reported_row_by_row_and_nothing_is_imported_until_it_is_fixed()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var broken = Csv(
            $"T{stamp}-1,单选,产业工人队伍建设改革的牵头单位是？,各级总工会,人社部门,教育部门,财政部门,,,,,A,,改革方向与政策,,1",
            $"T{stamp}-2,单选,这一行没有正确答案,甲,乙,,,,,,,,,改革方向与政策,,1");
        var page = await console.LoggedInAsync("km.quiz");
        await page.GetByRole(AriaRole.Link, new() { Name = "知识竞答" }).ClickAsync();
        await Expect(page.GetByTestId("campaigns")).ToContainTextAsync("产改知识 50 问有奖竞答");
        await ConsoleFixture.ScreenshotAsync(page, "10-quiz-campaigns");

        await page.GetByRole(AriaRole.Link, new() { Name = "导入题目" }).ClickAsync();
        await page.GetByLabel(new Regex("^题目文件")).SetInputFilesAsync(new FilePayload { Name = "题库.csv", MimeType = "text/csv", Buffer = broken });
        await page.GetByRole(AriaRole.Button, new() { Name = "检查文件（不导入）" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("检查发现 1 处错误");
        await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("第 3 行");
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("共 2 行：将新增 1 道");
        await ConsoleFixture.ScreenshotAsync(page, "11-quiz-import-report");

        // The real import refuses the whole file, with the same rows named.
        await page.GetByLabel(new Regex("^题目文件")).SetInputFilesAsync(new FilePayload { Name = "题库.csv", MimeType = "text/csv", Buffer = broken });
        await page.GetByRole(AriaRole.Button, new() { Name = "正式导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("未导入任何题目");
        await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("第 3 行");
        var officer = await console.Client.OfficerAsync("km.quiz");
        Assert.Equal(0, await CountAsync(officer, $"T{stamp}-1", $"T{stamp}-2"));

        var fixedFile = Csv(
            $"T{stamp}-1,单选,产业工人队伍建设改革的牵头单位是？,各级总工会,人社部门,教育部门,财政部门,,,,,A,,改革方向与政策,,1",
            $"T{stamp}-2,判断,产改要让产业工人在政治上有地位、经济上得实惠,正确,错误,,,,,,,A,,改革方向与政策,,1");
        await page.GetByLabel(new Regex("^题目文件")).SetInputFilesAsync(new FilePayload { Name = "题库.csv", MimeType = "text/csv", Buffer = fixedFile });
        await page.GetByRole(AriaRole.Button, new() { Name = "正式导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入：新增 2 道");
        Assert.Equal(2, await CountAsync(officer, $"T{stamp}-1", $"T{stamp}-2"));
    }

    [Fact]
    public async Task An_officer_of_another_branch_cannot_open_the_campaign()
    {
        var kunming = await console.LoggedInAsync("km.quiz");
        await kunming.GotoAsync("/console/quiz");
        await kunming.GetByTestId("campaigns").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("产改知识 50 问有奖竞答") }).ClickAsync();
        await Expect(kunming.GetByTestId("phase")).Not.ToBeEmptyAsync();
        await ConsoleFixture.ScreenshotAsync(kunming, "12-quiz-campaign");
        var url = kunming.Url;

        var qujing = await console.LoggedInAsync("qj.shi");
        await qujing.GetByRole(AriaRole.Link, new() { Name = "知识竞答" }).ClickAsync();
        await Expect(qujing.GetByTestId("campaigns")).Not.ToContainTextAsync("产改知识 50 问有奖竞答");
        var response = await qujing.GotoAsync(url);
        Assert.Equal(404, response!.Status);
        await Expect(qujing.GetByRole(AriaRole.Alert)).ToContainTextAsync("未找到");
        await ConsoleFixture.ScreenshotAsync(qujing, "13-quiz-campaign-other-branch");
    }

    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]) + "\r\n");

    private static async Task<int> CountAsync(HttpClient officer, params string[] codes)
    {
        var found = 0;
        foreach (var code in codes)
        {
            var list = await ApiClient.ReadAsync(await officer.GetAsync($"/api/officer/quiz/questions?keyword={Uri.EscapeDataString(code)}"));
            found += ((JsonArray)list["items"]!).Count(i => (string?)i!["code"] == code);
        }

        return found;
    }
}
