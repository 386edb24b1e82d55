using System.Net;
using System.Net.Http.Json;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Changai.Console.Tests.Pages;

/// <summary>
/// The server-drawn charts on a 1366×768 screen (the officers' common laptop; the fixture's viewport): every label at least
/// 12 px, inside its chart, and clear of every other label, on the dashboard of a city and of the province and on a quiz
/// campaign's figures page.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ChartLegibilityTests(ConsoleFixture console)
{
    [Fact]
    public async Task At_1366_by_768_chart_labels_are_at_least_12_px_inside_their_chart_and_do_not_overlap()
    {
        var campaign = await CampaignWithAnswersAsync();

        var city = await console.LoggedInAsync("km.shi");
        Assert.Equal(1366, city.ViewportSize!.Width);
        await CheckChartsAsync(city, "/console", "a-chart-dashboard-city", expectAtLeast: 4);

        var province = await console.LoggedInAsync("yn.sheng");
        await CheckChartsAsync(province, "/console", "a-chart-dashboard-province", expectAtLeast: 4);

        var organiser = await console.LoggedInAsync("km.quiz");
        await CheckChartsAsync(organiser, $"/console/quiz/campaigns/{campaign}/figures", "a-chart-quiz-figures", expectAtLeast: 3);
    }

    private static async Task CheckChartsAsync(IPage page, string path, string screenshot, int expectAtLeast)
    {
        await page.GotoAsync(path);
        await ConsoleFixture.ScreenshotAsync(page, screenshot);
        var charts = page.Locator("svg.chart");
        var count = await charts.CountAsync();
        Assert.True(count >= expectAtLeast, $"{path}: {count} charts, expected at least {expectAtLeast}");
        var problems = new List<string>();
        for (var c = 0; c < count; c++)
        {
            var chart = charts.Nth(c);
            var name = await chart.Locator("title").First.TextContentAsync();
            var frame = (await chart.BoundingBoxAsync())!;
            var texts = chart.Locator("text");
            var boxes = new List<(string Text, LocatorBoundingBoxResult Box)>();
            for (var t = 0; t < await texts.CountAsync(); t++)
            {
                var text = texts.Nth(t);
                var label = (await text.TextContentAsync())?.Trim() ?? "";
                if (label.Length == 0 || await text.BoundingBoxAsync() is not { } box)
                {
                    continue;
                }

                // The size the officer sees: the font size times the chart's scale on screen.
                var pixels = await text.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a");
                if (pixels < 11.95)
                {
                    problems.Add($"{name}: “{label}” is {pixels:0.0} px");
                }

                if (box.X < frame.X - 0.5 || box.Y < frame.Y - 0.5 || box.X + box.Width > frame.X + frame.Width + 0.5 || box.Y + box.Height > frame.Y + frame.Height + 0.5)
                {
                    problems.Add($"{name}: “{label}” sticks out of the chart");
                }

                boxes.Add((label, box));
            }

            for (var i = 0; i < boxes.Count; i++)
            {
                for (var j = i + 1; j < boxes.Count; j++)
                {
                    if (Overlap(boxes[i].Box, boxes[j].Box))
                    {
                        problems.Add($"{name}: “{boxes[i].Text}” overlaps “{boxes[j].Text}”");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, path + ":\n" + string.Join("\n", problems));
    }

    /// <summary>Overlapping by more than a pixel each way (glyph boxes of neighbouring lines may touch).</summary>
    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X) > 1 && Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y) > 1;

    /// <summary>A published campaign with a few answers, so its figures page draws every chart.</summary>
    private async Task<string> CampaignWithAnswersAsync()
    {
        var officer = await console.Client.OfficerAsync("km.quiz");
        var created = await ApiClient.ReadAsync(await officer.PostAsJsonAsync("/api/officer/quiz/campaigns", new
        {
            title = "图表清晰度" + Guid.NewGuid().ToString("N")[..6], startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddDays(2),
            audienceRegions = new[] { "5301" }, questionsPerAttempt = 1, timeLimitSeconds = 60, attemptsPerDay = 3, attemptsTotal = 3,
        }), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        await ApiClient.ReadAsync(await officer.PostAsync($"/api/officer/quiz/campaigns/{id}/publish", null));
        foreach (var name in new[] { "图表甲", "图表乙" })
        {
            var worker = await console.Client.ApplyAsync(name);
            var attempt = await ApiClient.ReadAsync(await worker.Http.PostAsync($"/api/quiz/campaigns/{id}/attempts", null), HttpStatusCode.Created);
            var answers = ((System.Text.Json.Nodes.JsonArray)attempt["questions"]!).Select(q => new
            {
                questionId = (string)q!["questionId"]!, optionIds = new[] { (string)q["options"]![0]!["id"]! },
            }).ToArray();
            await ApiClient.ReadAsync(await worker.Http.PostAsJsonAsync($"/api/quiz/attempts/{(string)attempt["id"]!}/submit", new { answers }));
        }

        return id;
    }
}
