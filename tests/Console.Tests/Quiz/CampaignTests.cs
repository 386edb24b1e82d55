using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Quiz;

[Collection(ConsoleCollection.Name)]
public sealed class CampaignTests(ConsoleFixture console)
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task An_organiser_drafts_a_campaign_publishes_it_with_its_seed_hash_and_the_figures_count_the_answers_made_over_the_api()
    {
        var title = "控制台竞答" + Guid.NewGuid().ToString("N")[..6];
        var page = await console.LoggedInAsync("km.quiz");
        await page.GetByRole(AriaRole.Link, new() { Name = "知识竞答" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建竞答活动" }).ClickAsync();

        // Without an audience the API's validator refuses, and the console says so next to the field.
        await page.GetByLabel(new Regex("^活动名称")).FillAsync(title);
        await page.GetByLabel(new Regex("^开始时间")).FillAsync(Local(DateTime.UtcNow.AddHours(-1)));
        await page.GetByLabel(new Regex("^结束时间")).FillAsync(Local(DateTime.UtcNow.AddDays(3)));
        await page.GetByLabel(new Regex("^每次题数")).FillAsync("2");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#audienceUnionId-err")).ToContainTextAsync("请选择参与范围");
        await Expect(page.GetByLabel(new Regex("^活动名称"))).ToHaveValueAsync(title);
        await ConsoleFixture.ScreenshotAsync(page, "21-quiz-campaign-form");

        // Regions are picked by name: 昆明市 folds open to its counties and "全境" covers all of them.
        await page.Locator("fieldset.regions summary", new() { HasText = "昆明市" }).ClickAsync();
        await page.GetByLabel("昆明市全境").CheckAsync();
        await page.GetByLabel("奖励方式").SelectOptionAsync("DrawAmongPerfect");
        await page.GetByLabel("获奖名额").FillAsync("3");
        await page.GetByLabel(new Regex("^奖品名称")).FillAsync("工会纪念品");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存为草稿");
        await Expect(page.GetByTestId("phase")).ToHaveTextAsync("草稿");
        await Expect(page.GetByTestId("seed-hash")).ToHaveTextAsync("发布时生成");
        var id = Regex.Match(page.Url, "/campaigns/([0-9a-f-]{36})").Groups[1].Value;

        // A draft can still be changed.
        await page.GetByRole(AriaRole.Link, new() { Name = "修改草稿" }).ClickAsync();
        await Expect(page.GetByLabel("昆明市全境")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("官渡区")).Not.ToBeCheckedAsync();
        await page.GetByLabel(new Regex("^每人每天次数")).FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("草稿已修改");
        await Expect(page.GetByTestId("campaign")).ToContainTextAsync("每天 5 次");

        await page.GetByText("发布…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已发布");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改草稿" })).ToHaveCountAsync(0);
        var hash = (await page.GetByTestId("seed-hash").TextContentAsync())!.Trim();
        Assert.Matches("^[0-9a-f]{64}$", hash);
        await Expect(page.GetByTestId("seed")).ToHaveTextAsync("活动结束后公开");
        await ConsoleFixture.ScreenshotAsync(page, "22-quiz-campaign-published");

        var officer = await console.Client.OfficerAsync("km.quiz");
        var seen = await ApiClient.ReadAsync(await officer.GetAsync($"/api/officer/quiz/campaigns/{id}"));
        Assert.Equal(hash, (string?)seen["seedHash"]);
        Assert.Equal(5, (int)seen["attemptsPerDay"]!);

        // Two workers of 官渡区 answer; one of them starts a second attempt and leaves it open.
        var first = await console.Client.ApplyAsync("竞答甲");
        var second = await console.Client.ApplyAsync("竞答乙");
        await AnswerAsync(first.Http, id);
        await AnswerAsync(second.Http, id);
        await StartAsync(first.Http, id);

        await page.GetByRole(AriaRole.Link, new() { Name = "统计数据" }).ClickAsync();
        await Expect(page.GetByTestId("participants")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("attempts")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("figures-totals")).ToContainTextAsync("其中交卷 2 份");
        await Expect(page.GetByTestId("by-prefecture").Locator("svg")).ToContainTextAsync("2 人（2 份）");
        await Expect(page.GetByTestId("by-prefecture").Locator("svg")).ToContainTextAsync("昆明市");
        await Expect(page.GetByTestId("by-day").Locator("svg")).ToContainTextAsync("3 次（交卷 2）");
        await Expect(page.GetByTestId("by-question").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        // The charts are the server's SVG: no script but the console's own confirm script (ConsoleScripts).
        Assert.Equal(0, await page.Locator("script:not([src^='/console/assets/console.js'])").CountAsync());
        await ConsoleFixture.ScreenshotAsync(page, "23-quiz-figures");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "各州市参与情况" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.Contains("州市代码,州市,参与人数,答题次数", csv);
        Assert.Contains("5301,昆明市,2,2", csv);

        // Another city's organiser does not reach these figures.
        var qujing = await console.LoggedInAsync("qj.shi");
        var other = await qujing.GotoAsync($"/console/quiz/campaigns/{id}/figures");
        Assert.Equal(404, other!.Status);
    }

    [Fact]
    public async Task After_the_campaign_ends_the_organiser_draws_the_prizes_and_sees_the_masked_winner_and_the_revealed_seed()
    {
        var worker = await console.Client.ApplyAsync("开奖测试");
        var officer = await console.Client.OfficerAsync("km.quiz");
        var ends = DateTimeOffset.UtcNow.AddSeconds(40);
        var created = await ApiClient.ReadAsync(await officer.PostAsJsonAsync("/api/officer/quiz/campaigns", new
        {
            title = "开奖演练" + Guid.NewGuid().ToString("N")[..6], startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = ends,
            audienceRegions = new[] { "5301" }, questionsPerAttempt = 1, timeLimitSeconds = 30, attemptsPerDay = 1, attemptsTotal = 1,
            prizeKind = "topN", prizeCount = 2, prizeName = "定制水杯",
        }), HttpStatusCode.Created);
        var id = (string)created["id"]!;

        var page = await console.LoggedInAsync("km.quiz");
        await page.GotoAsync($"/console/quiz/campaigns/{id}");
        await page.GetByText("发布…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
        var hash = (await page.GetByTestId("seed-hash").TextContentAsync())!.Trim();
        await Expect(page.GetByText("开奖…")).ToHaveCountAsync(0);

        // Answered slowly enough (two seconds per question) to be ranked.
        var attempt = await StartAsync(worker.Http, id);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await SubmitAsync(worker.Http, attempt);

        var wait = ends.AddSeconds(7) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("phase")).ToHaveTextAsync("已结束");
        await Expect(page.GetByTestId("seed")).Not.ToHaveTextAsync("活动结束后公开");
        await page.GetByText("开奖…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认开奖" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已开奖：共 1 名获奖者");
        var winners = page.GetByTestId("winners");
        await Expect(winners).ToContainTextAsync("开***");
        await Expect(winners).Not.ToContainTextAsync("开奖测试");
        await Expect(page.GetByTestId("seed-hash")).ToHaveTextAsync(hash);
        var seed = (await page.GetByTestId("seed").TextContentAsync())!.Trim();
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed))));
        await Expect(page.GetByTestId("draw-proof")).ToContainTextAsync("verify-draw.py");
        await ConsoleFixture.ScreenshotAsync(page, "24-quiz-draw");

        // The draw happens once: the campaign page now links to the result instead of offering a second draw.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回活动详情" }).ClickAsync();
        await Expect(page.GetByText("开奖…")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "查看开奖结果" })).ToBeVisibleAsync();
        var record = await ApiClient.ReadAsync(await worker.Http.GetAsync($"/api/quiz/campaigns/{id}/draw"));
        Assert.Single((JsonArray)record["winners"]!);
    }

    private static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Beijing).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static async Task<JsonObject> StartAsync(HttpClient worker, string campaignId)
    {
        var response = await worker.PostAsync($"/api/quiz/campaigns/{campaignId}/attempts", null);
        return await ApiClient.ReadAsync(response, HttpStatusCode.Created);
    }

    private static async Task SubmitAsync(HttpClient worker, JsonObject attempt)
    {
        var answers = ((JsonArray)attempt["questions"]!).Select(q => new
        {
            questionId = (string)q!["questionId"]!, optionIds = new[] { (string)q["options"]![0]!["id"]! },
        }).ToArray();
        await ApiClient.ReadAsync(await worker.PostAsJsonAsync($"/api/quiz/attempts/{(string)attempt["id"]!}/submit", new { answers }));
    }

    private static async Task AnswerAsync(HttpClient worker, string campaignId) => await SubmitAsync(worker, await StartAsync(worker, campaignId));
}
