using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Training;

[Collection(ConsoleCollection.Name)]
public sealed class CourseEditingTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_officer_creates_a_course_and_a_session_in_the_console_which_workers_then_see_and_cancels_the_session_with_a_reason()
    {
        var title = "数控车工技能提升班" + Guid.NewGuid().ToString("N")[..5];
        var worker = await console.Client.ApplyAsync("培训学员");
        var page = await console.LoggedInAsync("km.guandu");
        await page.GetByRole(AriaRole.Link, new() { Name = "技能培训" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建课程" }).ClickAsync();

        // What the API's validator refuses is shown next to its field, with what was typed kept.
        await page.GetByLabel(new Regex("^课程名称")).FillAsync("数");
        await page.GetByLabel("承办机构").FillAsync("昆明市技工学校");
        await page.GetByLabel(new Regex("^课程介绍")).FillAsync("数控车床编程与操作，结业可参加四级/中级工等级认定。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#title-err")).ToContainTextAsync("课程名称");
        await Expect(page.GetByLabel("承办机构")).ToHaveValueAsync("昆明市技工学校");
        await ConsoleFixture.ScreenshotAsync(page, "25-training-course-form");

        await page.GetByLabel(new Regex("^课程名称")).FillAsync(title);
        await page.GetByLabel("课程类别").SelectOptionAsync("CertificateTraining");
        await page.GetByLabel(new Regex("^面向地区")).FillAsync("5301");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("课程已保存为草稿");
        await Expect(page.GetByTestId("course-status")).ToHaveTextAsync("草稿");
        var courseId = Regex.Match(page.Url, "/courses/([0-9a-f-]{36})").Groups[1].Value;

        // A course without a session cannot be published: the API's reason, on the course page.
        await page.GetByRole(AriaRole.Button, new() { Name = "发布课程" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("班次");
        Assert.Equal(HttpStatusCode.NotFound, (await worker.Http.GetAsync($"/api/training/courses/{courseId}")).StatusCode);

        await page.GetByRole(AriaRole.Link, new() { Name = "添加班次" }).ClickAsync();
        await page.GetByLabel(new Regex("^名额")).FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加班次" }).ClickAsync();
        await Expect(page.Locator("#address-err")).ToContainTextAsync("请填写培训地点");
        await page.GetByLabel(new Regex("^培训地点")).FillAsync("昆明市官渡区关上实训基地 3 号楼");
        await ConsoleFixture.ScreenshotAsync(page, "26-training-session-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加班次" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已添加班次");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布课程" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("课程已发布");
        await Expect(page.GetByTestId("course-status")).ToHaveTextAsync("已发布");

        var seen = await ApiClient.ReadAsync(await worker.Http.GetAsync($"/api/training/courses/{courseId}"));
        Assert.Equal(title, (string?)seen["title"]);
        var session = ((JsonArray)seen["sessions"]!).Single()!;
        Assert.Equal("昆明市官渡区关上实训基地 3 号楼", (string?)session["address"]);
        Assert.Equal(20, (int)session["capacity"]!);

        // More seats, then the session is called off with a reason.
        await page.GetByTestId("sessions").GetByRole(AriaRole.Link, new() { Name = "修改或取消" }).ClickAsync();
        await page.GetByLabel(new Regex("^名额")).FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("班次已修改");
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("25");

        await page.GetByTestId("sessions").GetByRole(AriaRole.Link, new() { Name = "修改或取消" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认取消班次" }).ClickAsync();
        await Expect(page.Locator("#reason-err")).ToContainTextAsync("取消原因");
        await page.GetByLabel(new Regex("^取消原因")).FillAsync("实训场地检修");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认取消班次" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("班次已取消");
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("已取消（实训场地检修）");
        await ConsoleFixture.ScreenshotAsync(page, "27-training-course-managed");

        var officer = await console.Client.OfficerAsync("km.guandu");
        var detail = await ApiClient.ReadAsync(await officer.GetAsync($"/api/officer/training/courses/{courseId}"));
        var cancelled = ((JsonArray)detail["sessions"]!).Single()!;
        Assert.Equal("cancelled", ((string?)cancelled["status"])?.ToLowerInvariant());
        Assert.Equal("实训场地检修", (string?)cancelled["cancelReason"]);

        await page.GetByText("关闭课程…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认关闭" }).ClickAsync();
        await Expect(page.GetByTestId("course-status")).ToHaveTextAsync("已关闭");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改课程" })).ToHaveCountAsync(0);

        // Another city's officer cannot open the course's forms.
        var qujing = await console.LoggedInAsync("qj.shi");
        Assert.Equal(404, (await qujing.GotoAsync($"/console/training/courses/{courseId}/edit"))!.Status);
    }
}
