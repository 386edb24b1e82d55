using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Changai.Api.Tests.Console;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Changai.Hosting.Jobs.Maintenance;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Jobs;

/// <summary>
/// The Hangfire dashboard at /console/jobs: inside the console session, for officers holding ManageJobs only; commands
/// (trigger, retry, delete) only for a province-level one, and only with the console's anti-forgery token.
/// </summary>
public sealed class JobsDashboardTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Dashboard = "/console/jobs";

    [Fact]
    public async Task Anonymous_callers_and_worker_tokens_are_sent_to_the_console_login()
    {
        var anonymous = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync(Dashboard + "/servers");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var worker = await api.NewWorkerAsync();
        var withToken = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", worker.AccessToken);
        var refused = await withToken.GetAsync(Dashboard + "/recurring");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/console/login", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var command = await withToken.PostAsync(Dashboard + "/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "purge-expired-records")]));
        Assert.NotEqual(HttpStatusCode.NoContent, command.StatusCode);
    }

    [Fact]
    public async Task A_county_officer_without_the_permission_is_refused_and_sees_no_menu_entry()
    {
        var (console, _) = await ConsoleClient.LoginAsync(api, "km.guandu");
        var page = await console.GetAsync(Dashboard + "/servers");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console/forbidden", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("后台任务", await console.GetStringAsync("/console"));
    }

    [Fact]
    public async Task The_province_officer_sees_servers_and_recurring_jobs_and_may_trigger_one_with_the_token()
    {
        // The tests' API runs no Hangfire server, so no recurring job is registered: register the one to trigger.
        api.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<PurgeExpiredRecordsJob>(PurgeExpiredRecordsJob.Name, j => j.RunAsync(CancellationToken.None), "30 3 * * *");
        var (console, _) = await ConsoleClient.LoginAsync(api, "yn.sheng");
        Assert.Contains("后台任务", await console.GetStringAsync("/console"));  // the menu links it
        var recurring = await console.GetAsync(Dashboard + "/recurring");
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        var html = await recurring.Content.ReadAsStringAsync();
        Assert.Contains("后台任务", html); // the dashboard's title

        var trigger = () => new FormUrlEncodedContent([new("jobs[]", "purge-expired-records")]);
        // Without the anti-forgery token a command is refused, even from the right officer.
        Assert.Equal(HttpStatusCode.Forbidden, (await console.PostAsync(Dashboard + "/recurring/trigger", trigger())).StatusCode);

        var header = Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\">").Groups[1].Value;
        var token = Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\">").Groups[1].Value;
        Assert.NotEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, Dashboard + "/recurring/trigger") { Content = trigger() };
        request.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.NoContent, (await console.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_officer_below_the_province_with_the_permission_only_reads()
    {
        await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "qj.shi")
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Permissions, o => o.Permissions | OfficerPermissions.ManageJobs)));
        var (console, _) = await ConsoleClient.LoginAsync(api, "qj.shi");
        var recurring = await console.GetAsync(Dashboard + "/recurring");
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        var html = await recurring.Content.ReadAsStringAsync();
        var header = Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\">").Groups[1].Value;
        var token = Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\">").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, Dashboard + "/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "purge-expired-records")]),
        };
        request.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.SendAsync(request)).StatusCode); // read-only: Hangfire refuses commands
    }
}
