using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Quiz;

/// <summary>
/// 异常答卷 (an attempt handed in faster than a person can read) is one number: the campaign list, the campaign page, the
/// figures page and its export, the draw page, the dashboard and the API all count the same attempts.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FlaggedAttemptTests(ConsoleFixture console)
{
    [Fact]
    public async Task Flagged_attempts_are_counted_the_same_on_every_page_the_export_and_the_api()
    {
        var officer = await console.Client.OfficerAsync("km.quiz");
        var title = "异常答卷核对" + Guid.NewGuid().ToString("N")[..6];
        var created = await ApiClient.ReadAsync(await officer.PostAsJsonAsync("/api/officer/quiz/campaigns", new
        {
            title, startsAt = DateTimeOffset.UtcNow.AddSeconds(-30), endsAt = DateTimeOffset.UtcNow.AddDays(2),
            audienceRegions = new[] { "5301" }, questionsPerAttempt = 1, timeLimitSeconds = 60, attemptsPerDay = 3, attemptsTotal = 3,
            prizeKind = "drawAmongPerfect", prizeCount = 1, prizeName = "纪念品",
        }), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        await ApiClient.ReadAsync(await officer.PostAsync($"/api/officer/quiz/campaigns/{id}/publish", null));

        var page = await console.LoggedInAsync("km.quiz");
        var dashboardBefore = await DashboardFlaggedAsync(page);

        // Two attempts handed in at once (flagged: under two seconds a question), one answered slowly (counted), one left open.
        var fast = await console.Client.ApplyAsync("快速答题");
        var slow = await console.Client.ApplyAsync("正常答题");
        var open = await console.Client.ApplyAsync("未交卷");
        await SubmitAsync(fast.Http, await StartAsync(fast.Http, id));
        await SubmitAsync(fast.Http, await StartAsync(fast.Http, id));
        var slowAttempt = await StartAsync(slow.Http, id);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await SubmitAsync(slow.Http, slowAttempt);
        await StartAsync(open.Http, id);
        const int flagged = 2;

        // The API: the campaign, its figures, and the figures' export by prefecture (the column adds up to the same number).
        var campaign = await ApiClient.ReadAsync(await officer.GetAsync($"/api/officer/quiz/campaigns/{id}"));
        Assert.Equal(flagged, (int)campaign["flagged"]!);
        Assert.Equal(4, (int)campaign["attempts"]!);
        var figures = await ApiClient.ReadAsync(await officer.GetAsync($"/api/officer/quiz/campaigns/{id}/figures"));
        Assert.Equal(flagged, (int)figures["flagged"]!);
        Assert.Equal(3, (int)figures["submitted"]!);
        Assert.Equal(flagged, ((JsonArray)figures["byPrefecture"]!).Sum(p => (int)p!["flagged"]!));
        var csv = Encoding.UTF8.GetString(await (await officer.GetAsync($"/api/officer/quiz/campaigns/{id}/figures/export?table=prefectures")).Content.ReadAsByteArrayAsync());
        Assert.Equal(flagged, FlaggedColumnSum(csv));

        // The console: list, campaign page, figures page (and its export), draw page, dashboard.
        await page.GotoAsync("/console/quiz?phase=open");
        await Expect(page.Locator("tbody tr", new() { HasText = title }).GetByTestId("flagged")).ToHaveTextAsync(I(flagged));
        await page.GotoAsync($"/console/quiz/campaigns/{id}");
        await Expect(page.GetByTestId("flagged")).ToHaveTextAsync(I(flagged));
        await page.GotoAsync($"/console/quiz/campaigns/{id}/figures");
        await Expect(page.GetByTestId("flagged")).ToHaveTextAsync(I(flagged));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "各州市参与情况" }).ClickAsync());
        Assert.Equal(flagged, FlaggedColumnSum(await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8)));
        await ConsoleFixture.ScreenshotAsync(page, "25-quiz-figures-flagged");
        await page.GotoAsync($"/console/quiz/campaigns/{id}/draw");
        await Expect(page.GetByTestId("flagged")).ToHaveTextAsync(I(flagged));
        Assert.Equal(dashboardBefore + flagged, await DashboardFlaggedAsync(page));
    }

    private static async Task<int> DashboardFlaggedAsync(IPage page)
    {
        await page.GotoAsync("/console");
        return int.Parse((await page.GetByTestId("quiz-flagged").TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The sum of the 异常答卷 column of the prefecture table.</summary>
    private static int FlaggedColumnSum(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var column = Array.IndexOf(lines[0].Split(','), "异常答卷");
        Assert.True(column >= 0, "the export names the 异常答卷 column");
        return lines.Skip(1).Sum(l => int.Parse(l.Split(',')[column], CultureInfo.InvariantCulture));
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonObject> StartAsync(HttpClient worker, string campaignId) =>
        await ApiClient.ReadAsync(await worker.PostAsync($"/api/quiz/campaigns/{campaignId}/attempts", null), HttpStatusCode.Created);

    private static async Task SubmitAsync(HttpClient worker, JsonObject attempt)
    {
        var answers = ((JsonArray)attempt["questions"]!).Select(q => new
        {
            questionId = (string)q!["questionId"]!, optionIds = new[] { (string)q["options"]![0]!["id"]! },
        }).ToArray();
        await ApiClient.ReadAsync(await worker.PostAsJsonAsync($"/api/quiz/attempts/{(string)attempt["id"]!}/submit", new { answers }));
    }
}
