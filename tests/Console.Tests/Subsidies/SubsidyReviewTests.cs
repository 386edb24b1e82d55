using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Subsidies;

[Collection(ConsoleCollection.Name)]
public sealed class SubsidyReviewTests(ConsoleFixture console)
{
    // A 2×2 PNG (red, green / blue, white).
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC");

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_county_officer_sees_the_attachments_inline_and_approves_to_the_next_level_while_another_branch_is_refused()
    {
        var (id, _) = await SubmittedHardshipClaimAsync("孙丽华");

        var page = await console.LoggedInAsync("km.guandu");
        await page.GetByRole(AriaRole.Link, new() { Name = "补贴审核" }).ClickAsync();
        var row = page.GetByTestId("subsidy-queue").Locator("tbody tr", new() { HasText = "孙丽华" });
        await Expect(row).ToContainTextAsync("昆明市困难职工帮扶");
        await ConsoleFixture.ScreenshotAsync(page, "14-subsidy-queue");

        await row.GetByRole(AriaRole.Link, new() { Name = "孙丽华" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("审核中");
        var image = page.GetByTestId("attachments").Locator("img");
        await Expect(image).ToHaveCountAsync(1);
        Assert.True(await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") == 2, "the image is served by the console and decoded");
        await Expect(page.GetByTestId("attachments").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("PDF") })).ToBeVisibleAsync();
        await ConsoleFixture.ScreenshotAsync(page, "15-subsidy-application");
        var imageUrl = await image.GetAttributeAsync("src");

        await page.GetByLabel("审核意见（选填）").FillAsync("困难情况属实");
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已审核通过");
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("困难情况属实");
        await ConsoleFixture.ScreenshotAsync(page, "16-subsidy-approved");

        // The city level now holds it, as the API says.
        var city = await console.Client.OfficerAsync("km.shi");
        var queue = await ApiClient.ReadAsync(await city.GetAsync("/api/officer/subsidies/applications?pageSize=100"));
        Assert.Contains(((JsonArray)queue["items"]!), i => (string?)i!["id"] == id.ToString());

        var qujing = await console.LoggedInAsync("qj.qilin");
        var detail = await qujing.GotoAsync($"/console/subsidies/{id}");
        Assert.Equal(404, detail!.Status);
        var file = await qujing.GotoAsync(imageUrl!);
        Assert.Equal(404, file!.Status);
    }

    [Fact]
    public async Task A_return_needs_a_reason_and_reaches_the_applicant()
    {
        var (id, worker) = await SubmittedHardshipClaimAsync("周桂英");
        var page = await console.LoggedInAsync("km.guandu");
        await page.GotoAsync($"/console/subsidies/{id}");
        await page.GetByLabel("退回补正或不予通过的意见（必填，申请人可见）").FillAsync("请补充医院诊断证明");
        await page.GetByRole(AriaRole.Button, new() { Name = "退回补正" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已退回申请人补正");

        var mine = await ApiClient.ReadAsync(await worker.GetAsync($"/api/subsidies/applications/{id}"));
        Assert.Equal("returned", (string?)mine["status"]);
    }

    /// <summary>A member of 云内动力 (approved over the API) applies for Kunming's hardship aid with a photo and a PDF.</summary>
    private async Task<(Guid Id, HttpClient Worker)> SubmittedHardshipClaimAsync(string name)
    {
        var applicant = await console.Client.ApplyAsync(name);
        var kunming = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve", new { comment = (string?)null }));
        var worker = applicant.Http;
        var programs = await ApiClient.ReadNodeAsync(await worker.GetAsync("/api/subsidies/programs"));
        var program = programs.AsArray().Single(p => (string?)p!["name"] == "昆明市困难职工帮扶")!;
        var created = await ApiClient.ReadAsync(await worker.PostAsJsonAsync("/api/subsidies/applications", new { programId = (string)program["id"]! }), HttpStatusCode.Created);
        var id = Guid.Parse((string)created["id"]!);
        await ApiClient.ReadAsync(await worker.PutAsJsonAsync($"/api/subsidies/applications/{id}", new { hardshipTier = "illness", statement = "爱人重病住院，家庭生活困难" }));
        await UploadAsync(worker, id, Png, "诊断书.png");
        await UploadAsync(worker, id, Pdf, "住院证明.pdf");
        await ApiClient.ReadAsync(await worker.PostAsync($"/api/subsidies/applications/{id}/submit", null));
        return (id, worker);
    }

    private static async Task UploadAsync(HttpClient worker, Guid id, byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent { { new StringContent("proof"), "documentCode" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        await ApiClient.ReadAsync(await worker.PostAsync($"/api/subsidies/applications/{id}/attachments", form), HttpStatusCode.Created);
    }
}
