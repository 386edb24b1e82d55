using System.Net.Http.Json;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Audit;

/// <summary>操作记录 on the console's shared table: search form, sortable columns, page size, and the audited XLSX export.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuditTableTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_audit_trail_filters_by_keyword_sorts_pages_by_size_and_exports_a_masked_sheet_that_is_itself_audited()
    {
        var applicant = await console.Client.ApplyAsync("审计表格");
        var reviewer = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await reviewer.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve",
            new { comment = "身份证 " + applicant.IdNumber }));

        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/audit");
        var table = page.GetByTestId("audit");

        // The keyword finds the acting officer by user name: every row left was done by km.shi.
        await page.GetByLabel("关键词").FillAsync("km.shi");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var rows = table.Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync("km.shi");
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row.Locator("td").Nth(3)).ToContainTextAsync("km.shi");
        }

        // Sorted by 操作 (a whitelisted column), then 20 a page.
        await page.Locator("th a[data-sort='action']").ClickAsync();
        await Expect(page.Locator("th[aria-sort='ascending'] a[data-sort='action']")).ToHaveCountAsync(1);
        await page.GotoAsync("/console/audit?size=20");
        Assert.True(await rows.CountAsync() <= 20);
        await Expect(page.Locator("#t-size")).ToHaveValueAsync("20");

        // The export: an XLSX of the filtered trail, masked, and recorded in the trail itself.
        await page.GotoAsync("/console/audit?action=membership.application.approved");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        await page.GotoAsync("/console/audit?action=audit.records.exported");
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("导出操作记录（脱敏）");
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("操作：入会申请审核通过");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(applicant.IdNumber);
        await ConsoleFixture.ScreenshotAsync(page, "56-audit-export");
    }
}
