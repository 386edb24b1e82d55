using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Api.DemoData;
using Changai.Api.Tests.Console;
using Changai.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Identity;

/// <summary>
/// Officer logins as an outside attacker tries them: unknown and real names answer alike, and wrong passwords slow the
/// address they come from without locking the account. Each test has its own API (the waits are per instance).
/// </summary>
public sealed class OfficerLoginThrottleTests
{
    /// <summary>
    /// The API behind a proxy on loopback, as in production behind nginx: the test's <c>X-Forwarded-For</c> is the client
    /// address the configured forwarded headers trust. Its clock moves only when the test moves it.
    /// </summary>
    private sealed class ProxiedApi(int freeFailures = 3, int accountSlowdown = 1000) : ApiFactory
    {
        public ConsoleSessionTests.ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:LoginFreeFailuresPerSource", freeFailures.ToString());
            builder.UseSetting("RateLimits:LoginAccountFailuresPerHourBeforeSlowdown", accountSlowdown.ToString());
            builder.UseSetting("RateLimits:LoginMaxDelaySeconds", "900");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<IStartupFilter, FromLoopbackProxy>();
            });
        }

        public HttpClient From(string address)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return client;
        }
    }

    private sealed class FromLoopbackProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient http, string username, string password) =>
        http.PostAsJsonAsync("/api/auth/officer-login", new { username, password });

    private static async Task<string> ProblemWithoutTraceAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body.ToJsonString()}";
    }

    [Fact]
    public async Task An_unknown_name_and_a_wrong_password_get_the_same_answer()
    {
        await using var api = new ProxiedApi();
        var http = api.From("203.0.113.7");
        var unknown = await ProblemWithoutTraceAsync(await LoginAsync(http, "yn.nobody", "Guess@2026"));
        var real = await ProblemWithoutTraceAsync(await LoginAsync(http, "yn.sheng", "Guess@2026"));
        Assert.Equal(unknown, real);
        Assert.StartsWith("401 application/problem+json", real, StringComparison.Ordinal);
        Assert.Contains("auth.invalid_credentials", real, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_login_answers_an_unknown_name_and_a_wrong_password_alike()
    {
        await using var api = new ProxiedApi();
        async Task<(HttpStatusCode, string)> Try(string username)
        {
            var client = api.From("203.0.113.8");
            var token = await ConsoleClient.TokenAsync(client, "/console/login");
            var response = await client.PostAsync("/console/login", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("username", username), new("password", "Guess@2026"), new("returnUrl", "/console")]));
            // The page echoes the name typed and carries a fresh anti-forgery token; everything else must be equal.
            var html = (await response.Content.ReadAsStringAsync()).Replace(username, "NAME", StringComparison.Ordinal);
            return (response.StatusCode, Regex.Replace(html, "name=\"__RequestVerificationToken\" value=\"[^\"]+\"", "TOKEN"));
        }

        var unknown = await Try("yn.nobody");
        var real = await Try("yn.sheng");
        Assert.Equal(HttpStatusCode.Unauthorized, real.Item1);
        Assert.Equal(unknown, real);
        Assert.Contains("用户名或密码错误", real.Item2);
    }

    [Fact]
    public async Task A_stranger_hammering_the_province_account_is_slowed_and_the_officer_elsewhere_still_logs_in()
    {
        await using var api = new ProxiedApi(freeFailures: 3);
        var attacker = api.From("198.51.100.23");
        for (var i = 0; i < 3; i++)
        {
            await (await LoginAsync(attacker, "yn.sheng", "Guess" + i)).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }

        // Each wrong password past the free ones doubles the wait; trying during it changes nothing but the answer.
        var waits = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            await (await LoginAsync(attacker, "yn.sheng", "Again" + round)).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
            var slowed = await LoginAsync(attacker, "yn.sheng", DemoDataSeeder.DefaultPassword);
            await slowed.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
            var retryAfter = (int)slowed.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            waits.Add(retryAfter);
            api.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        }

        Assert.Equal([1, 2, 4, 8], waits);

        // Meanwhile the real officer, from the province's own network, is never locked out.
        var officer = api.From("192.0.2.10");
        var login = await (await LoginAsync(officer, "yn.sheng", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string?)login["accessToken"]));

        // And in the console from there too, while the stranger's address still waits.
        var (console, _) = await LoginConsoleAsync(api, "192.0.2.10", "yn.sheng");
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
        await (await LoginAsync(attacker, "yn.sheng", "Again")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var stillSlowed = await LoginAsync(attacker, "yn.sheng", "Again");
        await stillSlowed.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        Assert.Equal(16, (int)stillSlowed.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
    }

    [Fact]
    public async Task The_wait_reads_the_same_for_a_real_and_an_unknown_name()
    {
        await using var api = new ProxiedApi(freeFailures: 2);
        async Task<List<string>> Hammer(string username)
        {
            var http = api.From("198.51.100.40");
            var answers = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var response = await LoginAsync(http, username, "Guess" + i);
                answers.Add(await ProblemWithoutTraceAsync(response) + " retry-after=" + response.Headers.RetryAfter);
            }

            return answers;
        }

        var real = await Hammer("yn.sheng");
        var unknown = await Hammer("yn.nobody");
        Assert.Equal(unknown, real);
        Assert.Contains(real, a => a.StartsWith("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_lasts_until_the_APIs_clock_passes_it_however_slowly_the_next_try_arrives()
    {
        // The API's clock stands still; real time passes. With Redis, the wait must not end on Redis's own clock (it did:
        // a one-second wait expired there when the suite's load slowed the next try, and the try was counted again).
        await using var api = new ProxiedApi(freeFailures: 1);
        var http = api.From("198.51.100.41");
        await (await LoginAsync(http, "yn.sheng", "Guess1")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await (await LoginAsync(http, "yn.sheng", "Guess2")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var slowed = await LoginAsync(http, "yn.sheng", "Guess3");
        await slowed.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(1), slowed.Headers.RetryAfter!.Delta);

        // Once the API's clock has passed the wait, the next try is checked (and earns the doubled wait).
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await LoginAsync(http, "yn.sheng", "Guess4")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var doubled = await LoginAsync(http, "yn.sheng", DemoDataSeeder.DefaultPassword);
        await doubled.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(2), doubled.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task The_console_tells_a_slowed_address_how_long_to_wait()
    {
        await using var api = new ProxiedApi(freeFailures: 1);
        var client = api.From("198.51.100.50");
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            var token = await ConsoleClient.TokenAsync(client, "/console/login");
            last = await client.PostAsync("/console/login", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("username", "yn.sheng"), new("password", "Guess" + i), new("returnUrl", "/console")]));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), last.Headers.RetryAfter!.Delta);
        Assert.Contains("请 1 秒后再试", await last.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Guessing_spread_over_many_addresses_slows_new_addresses_but_not_the_officers_own()
    {
        await using var api = new ProxiedApi(freeFailures: 3, accountSlowdown: 6);
        // The officer has logged in from their office before.
        await (await LoginAsync(api.From("192.0.2.10"), "yn.sheng", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);

        // A botnet: six addresses, one wrong password each.
        for (var i = 1; i <= 6; i++)
        {
            await (await LoginAsync(api.From("198.51.100." + i), "yn.sheng", "Guess")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }

        // A fresh address now waits after its first wrong password (no free tries) …
        var fresh = api.From("198.51.100.99");
        await (await LoginAsync(fresh, "yn.sheng", "Guess")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await (await LoginAsync(fresh, "yn.sheng", "Guess")).ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");

        // … while the officer's own address keeps its free tries, and a new one with the right password still gets in.
        var office = api.From("192.0.2.10");
        await (await LoginAsync(office, "yn.sheng", "typo")).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await (await LoginAsync(office, "yn.sheng", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);
        await (await LoginAsync(api.From("192.0.2.77"), "yn.sheng", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_open_session_cannot_guess_the_current_password_at_speed()
    {
        await using var api = new ProxiedApi(freeFailures: 2);
        var login = await (await LoginAsync(api.From("198.51.100.60"), "km.shi", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);
        var session = api.From("198.51.100.60");
        session.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        Task<HttpResponseMessage> ChangeAsync(string current) =>
            session.PostAsJsonAsync("/api/officer/password", new { currentPassword = current, newPassword = "Guandu2026new", confirmPassword = "Guandu2026new" });

        await (await ChangeAsync("Guess1")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "officers.wrong_password");
        await (await ChangeAsync("Guess2")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "officers.wrong_password");
        // Two free tries are used up; the third wrong password earns this account-and-address a wait.
        await (await ChangeAsync("Guess3")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "officers.wrong_password");
        var slowed = await ChangeAsync("Guess4");
        await slowed.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        Assert.NotNull(slowed.Headers.RetryAfter);
        // Even the right password waits until the delay has passed: the wait is not a hint that a guess was right.
        await (await ChangeAsync(DemoDataSeeder.DefaultPassword)).ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        // Nothing changed: the password is still the old one.
        await (await LoginAsync(api.From("192.0.2.60"), "km.shi", DemoDataSeeder.DefaultPassword)).ReadJsonAsync(HttpStatusCode.OK);

        // The console's password form counts against the same account and address.
        var (console, _) = await LoginConsoleAsync(api, "198.51.100.61", "qj.shi");
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            var token = await ConsoleClient.TokenAsync(console, "/console/account/password");
            last = await console.PostAsync("/console/account/password", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("current", "Guess" + i), new("new", "Guandu2026new"), new("confirm", "Guandu2026new")]));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Contains("后再试", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(HttpClient, HttpResponseMessage)> LoginConsoleAsync(ProxiedApi api, string address, string username)
    {
        var client = api.From(address);
        var token = await ConsoleClient.TokenAsync(client, "/console/login");
        var login = await client.PostAsync("/console/login", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("username", username), new("password", DemoDataSeeder.DefaultPassword), new("returnUrl", "/console")]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (client, login);
    }
}
