using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Api.DemoData;
using Changai.Api.Tests.Console;
using Changai.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Identity;

/// <summary>An officer whose password someone else chose changes it before anything else opens, on the API and in the console.</summary>
public sealed class PasswordChangeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_console_created_officer_gets_only_the_password_change_until_they_choose_their_own()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        var token = await ConsoleClient.TokenAsync(console, "/console/officers/new");
        var created = await console.PostAsync("/console/officers", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("username", "km.first.login"), new("displayName", "首次登录审核员"),
            new("unionId", (await api.UnionIdAsync("530111")).ToString()), new("permission", "ReviewMembership"),
        ]));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var password = Regex.Match(await created.Content.ReadAsStringAsync(), "data-testid=\"temporary-password\">([^<]+)<").Groups[1].Value;

        var http = api.CreateClient();
        var login = await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username = "km.first.login", password })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        var refused = await http.GetAsync("/api/officer/membership/applications");
        var problem = await refused.ProblemAsync(HttpStatusCode.Forbidden, "auth.password_change_required");
        Assert.Contains("修改密码", (string)problem["detail"]!, StringComparison.Ordinal);

        // The refresh token of that login still carries the mark: refreshing is no way around it.
        var refreshed = await (await api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = (string)login["refreshToken"]! })).ReadJsonAsync(HttpStatusCode.OK);
        var viaRefresh = api.CreateClient();
        viaRefresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)refreshed["accessToken"]!);
        await viaRefresh.GetAsync("/api/officer/membership/applications").Expect(HttpStatusCode.Forbidden);

        var same = await http.PostAsJsonAsync("/api/officer/password", new { currentPassword = password, newPassword = password, confirmPassword = password });
        await same.ProblemAsync(HttpStatusCode.UnprocessableEntity, "officers.password_unchanged");
        var changed = await (await http.PostAsJsonAsync("/api/officer/password",
            new { currentPassword = password, newPassword = "Guandu2026own", confirmPassword = "Guandu2026own" })).ReadJsonAsync(HttpStatusCode.OK);

        var fresh = api.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)changed["accessToken"]!);
        await fresh.GetAsync("/api/officer/membership/applications").Expect(HttpStatusCode.OK);
        Assert.False(await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "km.first.login").Select(o => o.MustChangePassword).SingleAsync()));
        // Every session opened with the handed-over password has ended.
        await api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = (string)refreshed["refreshToken"]! }).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task In_the_console_every_page_leads_to_the_password_page_until_it_is_changed()
    {
        await MarkAsync("dh.zhou");
        var (console, _) = await ConsoleClient.LoginAsync(api, "dh.zhou");
        foreach (var page in new[] { "/console", "/console/membership", "/console/officers" })
        {
            var response = await console.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/console/account/password", response.Headers.Location!.OriginalString);
        }

        var token = await ConsoleClient.TokenAsync(console, "/console/account/password");
        var changed = await console.PostAsync("/console/account/password", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("current", DemoDataSeeder.DefaultPassword), new("new", "Dehong2026mine"), new("confirm", "Dehong2026mine"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_by_an_administrator_marks_the_account_again()
    {
        var (administrator, _) = await ConsoleClient.LoginAsync(api, "yn.sheng");
        var id = await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "yx.shi").Select(o => o.Id).SingleAsync());
        var token = await ConsoleClient.TokenAsync(administrator, "/console/officers");
        var reset = await administrator.PostAsync($"/console/officers/{id}/reset-password", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True(await api.WithDbAsync(db => db.Officers.Where(o => o.Id == id).Select(o => o.MustChangePassword).SingleAsync()));
        Assert.False(await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "yn.sheng").Select(o => o.MustChangePassword).SingleAsync()));
    }

    private Task<int> MarkAsync(string username) =>
        api.WithDbAsync(db => db.Officers.Where(o => o.Username == username).ExecuteUpdateAsync(s => s.SetProperty(o => o.MustChangePassword, true)));
}
