using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Audit;

[Collection(ConsoleCollection.Name)]
public sealed partial class AuditSubjectTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_audit_trail_names_people_unions_and_courses_and_shows_no_ids()
    {
        var applicant = await console.Client.ApplyAsync("邵对象");
        var reviewer = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await reviewer.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/return",
            new { reason = "请补充工作单位证明" }));

        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/audit");
        var table = page.GetByTestId("audit");
        await Expect(table.Locator("tbody tr", new() { HasText = "入会申请退回补正" }).First).ToContainTextAsync("入会申请：邵**");
        await Expect(table).Not.ToContainTextAsync("邵对象");
        // Every page of the trail an officer can open: no GUID, not even its tail, in what the officer reads.
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotMatch(Guid(), text);
        await ConsoleFixture.ScreenshotAsync(page, "55-audit-subjects");

        // Other kinds of subject on the city's trail read as names too (demo courses, campaigns, officer accounts).
        for (var n = 2; n <= 4; n++)
        {
            await page.GotoAsync($"/console/audit?page={n}");
            Assert.DoesNotMatch(Guid(), await page.Locator("body").InnerTextAsync());
        }
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
