using System.Net;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Membership;

/// <summary>
/// The officers' review queue pages by key: an officer who follows <c>nextCursor</c> sees every waiting application once, in
/// the same order as one long page, and a page number without a cursor lands on the same rows.
/// </summary>
public sealed class QueuePagingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Keyword = "翻页核对";

    [Fact]
    public async Task Following_the_cursor_shows_every_application_once_in_queue_order()
    {
        var submitted = new List<string>();
        foreach (var suffix in new[] { "甲", "乙", "丙", "丁", "戊", "己", "庚" })
        {
            var worker = await api.NewWorkerAsync();
            await worker.CompleteIdentityAsync(name: Keyword + suffix);
            submitted.Add((await api.ApplyAsync(worker)).ToString());
        }

        var officer = await api.OfficerAsync("km.shi");
        var whole = await ListAsync(officer, "pageSize=100");
        Assert.Equal(7, (int)whole["total"]!);
        var order = Ids(whole);
        Assert.Equal(submitted.Order(), order.Order());

        var followed = new List<string>();
        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(officer, "pageSize=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(7, (int)page["total"]!);
            pages.Add(Ids(page));
            followed.AddRange(pages[^1]);
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null && pages.Count < 5);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(order, followed);
        Assert.Equal(pages[1], Ids(await ListAsync(officer, "pageSize=3&page=2")));

        var newestFirst = Ids(await ListAsync(officer, "pageSize=100&sort=-submittedAt"));
        Assert.Equal(order.AsEnumerable().Reverse(), newestFirst);
    }

    [Fact]
    public async Task A_cursor_that_was_not_given_out_is_refused_in_chinese()
    {
        var officer = await api.OfficerAsync("km.shi");
        var problem = await (await officer.GetAsync("/api/officer/membership/applications?cursor=not-a-cursor"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("翻页位置无效", problem.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ListAsync(HttpClient officer, string query) =>
        await (await officer.GetAsync($"/api/officer/membership/applications?keyword={Uri.EscapeDataString(Keyword)}&{query}")).ReadJsonAsync(HttpStatusCode.OK);

    private static List<string> Ids(System.Text.Json.Nodes.JsonObject page) =>
        page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
}
