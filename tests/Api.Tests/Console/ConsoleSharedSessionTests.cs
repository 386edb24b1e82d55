using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Console;

/// <summary>
/// Console sessions across API instances and password changes: the cookie keys live in the shared database, and a new
/// password ends the sessions opened with the old one.
/// </summary>
public sealed class ConsoleSharedSessionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Two_api_instances_on_one_database_accept_each_others_console_cookies_and_forms()
    {
        // A second instance behind the same load balancer: same database, nothing else shared (no key folder).
        await using var other = ApiFactory.With(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = api.ConnectionString });
        // One browser (one cookie jar) whose requests the load balancer sends to either instance.
        var jar = new CookieContainer();
        var first = Browser(api, jar);
        var second = Browser(other, jar);
        await LoginAsync(first, "qj.shi");
        var page = await second.GetAsync("/console/membership");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("曲靖市总工会", await page.Content.ReadAsStringAsync());

        // A form rendered by one instance and posted to the other: the anti-forgery token is accepted too.
        var token = await ConsoleClient.TokenAsync(second, "/console/account/password");
        var logout = await first.PostAsync("/console/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.EndsWith("/console/login", logout.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // And the other way round: logged in through the second instance, served by the first.
        var otherJar = new CookieContainer();
        await LoginAsync(Browser(other, otherJar), "yx.shi");
        Assert.Equal(HttpStatusCode.OK, (await Browser(api, otherJar).GetAsync("/console/membership")).StatusCode);

        Assert.True(await api.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()), "the key ring is in the database");
        // The key's secret is stored encrypted (with the personal-data key from configuration), not as the framework's plain masterKey.
        var stored = await api.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).FirstAsync());
        Assert.Contains("encryptedSecret", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_ends_the_officers_open_console_sessions()
    {
        var (officer, _) = await ConsoleClient.LoginAsync(api, "pe.shi");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/console")).StatusCode);

        var (administrator, _) = await ConsoleClient.LoginAsync(api, "yn.sheng");
        var id = await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "pe.shi").Select(o => o.Id).SingleAsync());
        var token = await ConsoleClient.TokenAsync(administrator, "/console/officers");
        var reset = await administrator.PostAsync($"/console/officers/{id}/reset-password", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        var after = await officer.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/console/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task A_strangers_wrong_passwords_neither_lock_the_account_nor_end_its_console_session()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.xjy");
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
        var anonymous = api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/officer-login", new { username = "km.xjy", password = "wrong-password-1" });
        }

        // Locking (and so logging the officer out) on wrong passwords was a way for anyone to keep an officer out.
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
        Assert.False(await api.WithDbAsync(db => db.Officers.AnyAsync(o => o.Username == "km.xjy" && o.LockoutEndsAt != null)));
    }

    [Fact]
    public async Task Changing_ones_own_password_keeps_this_session_and_ends_the_others()
    {
        var (here, _) = await ConsoleClient.LoginAsync(api, "dh.zhou");
        var (elsewhere, _) = await ConsoleClient.LoginAsync(api, "dh.zhou");
        var token = await ConsoleClient.TokenAsync(here, "/console/account/password");
        var changed = await here.PostAsync("/console/account/password", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("current", Changai.Api.DemoData.DemoDataSeeder.DefaultPassword),
            new("new", "Dehong2026new"), new("confirm", "Dehong2026new"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/console/account/password?done=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/console")).StatusCode);
    }

    private static HttpClient Browser(ApiFactory instance, CookieContainer jar) =>
        instance.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));

    private static async Task LoginAsync(HttpClient browser, string username)
    {
        var token = await ConsoleClient.TokenAsync(browser, "/console/login");
        var login = await browser.PostAsync("/console/login", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("username", username), new("password", Changai.Api.DemoData.DemoDataSeeder.DefaultPassword),
            new("returnUrl", "/console"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }
}
