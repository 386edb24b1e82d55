using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Api.DemoData;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Membership;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Console;

/// <summary>The console's cookie session: its flags, anti-forgery, idle timeout, and its separation from the API's bearer tokens.</summary>
public sealed class ConsoleSessionTests(ConsoleSessionTests.ClockedApi api) : IClassFixture<ConsoleSessionTests.ClockedApi>
{
    /// <summary>The API with a clock the test moves, to reach the idle timeout without waiting for it.</summary>
    public sealed class ClockedApi : ApiFactory
    {
        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    public sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_strict_and_sent_to_the_console_only()
    {
        var (_, login) = await ConsoleClient.LoginAsync(api, "km.shi");
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("changai.console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        // A browser-session cookie: closing the browser ends it; the idle limit is inside the protected ticket.
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker);
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");

        var response = await console.PostAsync($"/console/membership/{applicationId}/approve", new FormUrlEncodedContent([new("comment", "")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("页面已过期", await response.Content.ReadAsStringAsync());
        var status = await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync());
        Assert.Equal(ApplicationStatus.Submitted, status);

        // The same POST with the page's token goes through.
        var token = await ConsoleClient.TokenAsync(console, $"/console/membership/{applicationId}");
        var approved = await console.PostAsync($"/console/membership/{applicationId}/approve", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("comment", "")]));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(ApplicationStatus.Approved, await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_bearer_token_opens_no_console_page_and_the_session_cookie_opens_no_api_endpoint()
    {
        var bearer = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        bearer.DefaultRequestHeaders.Authorization = (await api.OfficerAsync("km.shi")).DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/officer/membership/applications")).StatusCode);
        var page = await bearer.GetAsync("/console/membership");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/membership")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/api/officer/membership/applications")).StatusCode);
    }

    [Fact]
    public async Task An_idle_session_ends_after_the_timeout_and_activity_keeps_it_alive()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.wuhua");
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await console.GetAsync("/console/membership");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Contains("expired=1", expired.Headers.Location!.Query, StringComparison.Ordinal);
        var login = await console.GetAsync(expired.Headers.Location);
        Assert.Contains("长时间未操作，已自动退出登录", await login.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_disabled_account_loses_its_session_at_once()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.xjy");
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
        await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "km.xjy").ExecuteUpdateAsync(s => s.SetProperty(o => o.IsDisabled, true)));
        Assert.Equal(HttpStatusCode.Redirect, (await console.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task Login_goes_back_only_to_a_console_page()
    {
        foreach (var target in new[] { "https://evil.example/", "//evil.example/console", "/console/../api/unions", "/console\\..\\x" })
        {
            var (_, login) = await ConsoleClient.LoginAsync(api, "yx.shi", target);
            Assert.Equal("/console", login.Headers.Location!.OriginalString);
        }

        var (_, back) = await ConsoleClient.LoginAsync(api, "yx.shi", "/console/membership?status=Returned");
        Assert.Equal("/console/membership?status=Returned", back.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Officer_accounts_are_created_only_inside_the_administrators_subtree()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.shi");
        var qujing = await api.UnionIdAsync("5303");
        var token = await ConsoleClient.TokenAsync(console, "/console/officers/new");
        var outside = await console.PostAsync("/console/officers", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("username", "qj.intruder"), new("displayName", "越权账号"),
            new("unionId", qujing.ToString()), new("permission", "ReviewMembership"),
        ]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Contains("不在您的管辖范围内", await outside.Content.ReadAsStringAsync());
        Assert.False(await api.WithDbAsync(db => db.Officers.AnyAsync(o => o.Username == "qj.intruder")));

        var guandu = await api.UnionIdAsync("530111");
        var inside = await console.PostAsync("/console/officers", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("username", "km.guandu.new"), new("displayName", "官渡区 新审核员"),
            new("unionId", guandu.ToString()), new("permission", "ReviewMembership"),
        ]));
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        var password = Regex.Match(await inside.Content.ReadAsStringAsync(), "data-testid=\"temporary-password\">([^<]+)<").Groups[1].Value;
        var login = await api.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = "km.guandu.new", password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var audit = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.Action == "identity.officer.created" && a.Reason == "km.guandu.new").CountAsync());
        Assert.Equal(1, audit);
    }
}

/// <summary>A browser-like client of the console: keeps cookies, does not follow redirects, reads the anti-forgery token from pages.</summary>
internal static class ConsoleClient
{
    public static async Task<(HttpClient Client, HttpResponseMessage Login)> LoginAsync(ApiFactory api, string username, string? returnUrl = null)
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await TokenAsync(client, "/console/login");
        var login = await client.PostAsync("/console/login", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("username", username), new("password", DemoDataSeeder.DefaultPassword),
            new("returnUrl", returnUrl ?? "/console"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (client, login);
    }

    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    }
}
