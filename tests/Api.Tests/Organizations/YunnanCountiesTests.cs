using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Organizations;

/// <summary>The workplace picker's list: every prefecture with its counties by name, so nobody types a code.</summary>
public sealed class YunnanCountiesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_worker_gets_the_16_prefectures_and_129_counties_with_the_codes_the_profile_accepts()
    {
        var worker = await api.NewWorkerAsync();
        var body = await (await worker.Http.GetAsync("/api/regions/counties")).ReadJsonAsync(HttpStatusCode.OK);

        var prefectures = body["prefectures"]!.AsArray();
        Assert.Equal(16, prefectures.Count);
        Assert.Equal(129, prefectures.Sum(p => p!["counties"]!.AsArray().Count));
        var kunming = prefectures.Single(p => (string?)p!["name"] == "昆明市")!;
        Assert.Equal("5301", (string?)kunming["code"]);
        var guandu = kunming["counties"]!.AsArray().Single(c => (string?)c!["name"] == "官渡区")!;
        Assert.Equal("530111", (string?)guandu["code"]);
        Assert.All(prefectures, p => Assert.All(p!["counties"]!.AsArray(), c => Assert.StartsWith((string)p["code"]!, (string)c!["code"]!)));

        // What the picker offers is what saving the profile accepts.
        var saved = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "和秀英", countyCode = "533401" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("533401", (string?)saved["countyCode"]); // 香格里拉市, the last on the list
    }

    [Fact]
    public async Task Officers_may_read_it_and_anonymous_callers_may_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await api.OfficerAsync("km.guandu")).GetAsync("/api/regions/counties")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/api/regions/counties")).StatusCode);
    }
}
