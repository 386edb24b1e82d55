using System.Net;
using System.Net.Http.Json;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Training;

/// <summary>A session's roster as a console table: searched by name and status, sorted, paged, exported masked and audited.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RosterTableTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_session_roster_filters_sorts_pages_and_exports_the_filtered_list_masked()
    {
        var suffix = "甲乙丙丁戊己庚辛"[Random.Shared.Next(8)].ToString() + "春夏秋冬"[Random.Shared.Next(4)];
        var (first, sessionId) = await EnrolledAsync("培训名" + suffix);
        await EnrolledAsync("培训另" + suffix);

        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync($"/console/training/sessions/{sessionId}");
        var table = page.GetByTestId("roster");
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync("培训名" + suffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table).ToContainTextAsync(TableChecks.MaskedPhone(first.Phone));
        await page.GetByLabel("报名状态").SelectOptionAsync("Waitlisted");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(table).ToContainTextAsync("没有符合条件的报名");

        await page.GotoAsync($"/console/training/sessions/{sessionId}");
        await TableChecks.SortsByAsync(page, table, "姓名", "name");
        var names = await table.Locator("tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(names.Count >= 2);
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal).ToList(), names.ToList());
        await TableChecks.PagesBy50Async(page);
        await Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("姓名");
        await ConsoleFixture.ScreenshotAsync(page, "21-training-roster-table");

        await page.GotoAsync($"/console/training/sessions/{sessionId}?q=" + Uri.EscapeDataString("培训名" + suffix));
        var cells = await TableChecks.ExportAsync(page);
        Assert.Equal(["姓名", "身份证号", "手机号", "工作单位", "报名状态", "候补序号", "报名时间", "签到时间"], cells[0]);
        Assert.Equal(2, cells.Count);
        Assert.Equal(("培训名" + suffix, TableChecks.MaskedIdNumber(first.IdNumber), TableChecks.MaskedPhone(first.Phone)), (cells[1][0], cells[1][1], cells[1][2]));
        var record = await TableChecks.LastAuditAsync(page, "training.enrollments.exported");
        await Expect(record).ToContainTextAsync("育婴员（五级）职业技能培训");
        await Expect(record).ToContainTextAsync("姓名：培训名" + suffix);
        await Expect(record).ToContainTextAsync("导出 1 行");
    }

    /// <summary>A member of 云内动力 enrolled in the first session of 昆明市's 育婴员 course.</summary>
    private async Task<(ApiClient.Applicant Applicant, Guid SessionId)> EnrolledAsync(string name)
    {
        var applicant = await console.Client.ApplyAsync(name);
        var kunming = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve", new { }));
        var courses = await ApiClient.ReadAsync(await applicant.Http.GetAsync("/api/training/courses?keyword=" + Uri.EscapeDataString("育婴员")));
        var courseId = (string)courses["items"]!.AsArray().First(c => (string?)c!["title"] == "育婴员（五级）职业技能培训")!["id"]!;
        var course = await ApiClient.ReadAsync(await applicant.Http.GetAsync($"/api/training/courses/{courseId}"));
        var sessionId = Guid.Parse((string)course["sessions"]![0]!["id"]!);
        await ApiClient.ReadAsync(await applicant.Http.PostAsync($"/api/training/sessions/{sessionId}/enrollments", null), HttpStatusCode.Created);
        return (applicant, sessionId);
    }
}
