using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Infrastructure;

/// <summary>What every console table offers, checked the way an officer uses it: a sort header, the page size, the export.</summary>
public static class TableChecks
{
    /// <summary>Clicks a sortable header twice: ascending, then descending, each marked on the header and kept in the address.</summary>
    public static async Task SortsByAsync(IPage page, ILocator table, string label, string key)
    {
        await table.GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"sort={key}(&|$)"));
        await Expect(table.Locator("th[aria-sort=ascending]")).ToContainTextAsync(label);
        await table.GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"sort=-{key}(&|$)"));
        await Expect(table.Locator("th[aria-sort=descending]")).ToContainTextAsync(label);
    }

    /// <summary>Chooses 50 a page (the filters kept) and checks the pager says so.</summary>
    public static async Task PagesBy50Async(IPage page)
    {
        await page.GetByLabel("每页").SelectOptionAsync("50");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("size=50"));
        await Expect(page.GetByLabel("每页")).ToHaveValueAsync("50");
    }

    /// <summary>Downloads the table's export and reads its first sheet.</summary>
    public static async Task<List<List<string>>> ExportAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        return SheetReader.Rows((await download.PathAsync())!);
    }

    /// <summary>The newest audit record of <paramref name="action"/>, as the audit page shows it.</summary>
    public static async Task<ILocator> LastAuditAsync(IPage page, string action)
    {
        await page.GotoAsync("/console/audit?action=" + action);
        return page.GetByTestId("audit").Locator("tbody tr").First;
    }

    public static string MaskedPhone(string phone) => phone[..3] + "****" + phone[^4..];

    public static string MaskedIdNumber(string id) => id[..1] + "****************" + id[^1..];
}
