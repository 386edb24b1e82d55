using System.Net;
using System.Net.Http.Headers;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Pages;

/// <summary>What an officer sees at a wrong address, and what travels compressed.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ErrorPageTests(ConsoleFixture console)
{
    [Theory]
    [InlineData("/console/no-such-page")]
    [InlineData("/console/membership/not-a-guid")]
    [InlineData("/console/membership/applications/not-a-guid")]
    [InlineData("/console/training/courses/123/edit")]
    public async Task An_unknown_console_address_or_a_malformed_id_is_the_consoles_chinese_404_page(string path)
    {
        var page = await console.LoggedInAsync("km.shi");
        var response = await page.GotoAsync(path);

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("您要打开的页面不存在");
        // Still the console: the officer's header and menu, a way back.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "入会审核" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "返回首页" })).ToBeVisibleAsync();
        if (path.EndsWith("not-a-guid", StringComparison.Ordinal) && path.Contains("applications", StringComparison.Ordinal))
        {
            await ConsoleFixture.ScreenshotAsync(page, "90-not-found");
        }
    }

    [Fact]
    public async Task An_unknown_api_address_keeps_its_problem_details()
    {
        var response = await console.Client.Anonymous().GetAsync("/api/no-such-endpoint");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Console_pages_and_api_json_travel_brotli_compressed_when_the_browser_accepts_it()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = console.Api.BaseAddress };
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var login = await http.GetAsync("/console/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("text/html", login.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], login.Content.Headers.ContentEncoding);

        var officer = await console.Client.OfficerAsync("km.shi");
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/officer/membership/applications?status=submitted");
        list.Headers.Authorization = officer.DefaultRequestHeaders.Authorization;
        var json = await http.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], json.Content.Headers.ContentEncoding);

        // A client that asks for none gets plain text, as before.
        using var plain = new HttpClient { BaseAddress = console.Api.BaseAddress };
        var identity = await plain.GetAsync("/console/login");
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Contains("工会工作台", await identity.Content.ReadAsStringAsync());
    }
}
