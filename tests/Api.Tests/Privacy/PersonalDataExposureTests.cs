using System.Net;
using Changai.Api.Tests.Console;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Privacy;

/// <summary>What a response shows of a person, and that no cache may keep it.</summary>
public sealed class PersonalDataExposureTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static void AssertNotStored(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} lacks Cache-Control: no-store");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Profile_application_detail_revealed_id_number_and_console_pages_are_never_cached()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker);
        var officer = await api.OfficerAsync("km.shi");

        AssertNotStored(await worker.Http.GetAsync("/api/me/profile").Expect(HttpStatusCode.OK));
        AssertNotStored(await officer.GetAsync($"/api/officer/membership/applications/{applicationId}").Expect(HttpStatusCode.OK));
        AssertNotStored(await officer.PostAsync($"/api/officer/membership/applications/{applicationId}/reveal-id-number", null).Expect(HttpStatusCode.OK));
        // Errors too: one rule for every /api answer.
        AssertNotStored(await api.CreateClient().GetAsync("/api/me/profile").Expect(HttpStatusCode.Unauthorized));

        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        var page = await console.GetAsync($"/console/membership/{applicationId}").Expect(HttpStatusCode.OK);
        Assert.True(page.Headers.CacheControl?.NoStore);

        // The one public, cacheable answer keeps its own header.
        var css = await api.CreateClient().GetAsync("/console/assets/console.css").Expect(HttpStatusCode.OK);
        Assert.False(css.Headers.CacheControl?.NoStore);
        Assert.True(css.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task Beside_the_masked_id_number_only_the_birth_year_is_shown()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random("530111");
        await worker.CompleteIdentityAsync(idNumber);
        var applicationId = await api.ApplyAsync(worker);
        var year = int.Parse(idNumber[6..10]);

        var profile = await (await worker.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        var officer = await api.OfficerAsync("km.shi");
        var detail = await (await officer.GetAsync($"/api/officer/membership/applications/{applicationId}")).ReadJsonAsync(HttpStatusCode.OK);
        foreach (var view in new[] { profile, detail })
        {
            Assert.Equal(idNumber[..1] + new string('*', 16) + idNumber[^1..], (string?)view["idNumberMasked"]);
            Assert.Equal(year, (int?)view["birthYear"]);
            Assert.False(view.ContainsKey("birthDate"));
        }

        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        var html = await (await console.GetAsync($"/console/membership/{applicationId}").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains(idNumber[..1] + new string('*', 16) + idNumber[^1..], html);
        Assert.Contains($"{year}年", html);
        Assert.DoesNotContain("出生日期", html);
    }
}
