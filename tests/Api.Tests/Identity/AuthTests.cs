using System.Net;
using System.Net.Http.Json;
using Changai.Api.DemoData;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Identity;

public sealed class AuthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_login_code_works_once_and_the_response_carries_no_session_key_or_openid()
    {
        var anonymous = api.CreateClient();
        var code = await (await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync();
        var first = await anonymous.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! });
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.DoesNotContain("session", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((string)code["openid"]!, body);

        var reused = await anonymous.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! });
        await reused.ProblemAsync(HttpStatusCode.BadRequest, "auth.invalid_code");
    }

    [Fact]
    public async Task The_same_openid_logging_in_again_is_the_same_worker()
    {
        var first = await api.NewWorkerAsync();
        var second = await api.NewWorkerAsync(first.OpenId);
        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task A_new_user_logging_in_twice_at_once_is_one_worker_and_a_returning_worker_is_told_what_is_on_file()
    {
        var anonymous = api.CreateClient();
        var first = await (await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync();
        var second = await (await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { openid = (string)first["openid"]! })).ReadJsonAsync();
        var logins = await Task.WhenAll(new[] { first, second }.Select(c => anonymous.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)c["code"]! })));
        var bodies = await Task.WhenAll(logins.Select(r => r.ReadJsonAsync(HttpStatusCode.OK)));
        Assert.Equal((string)bodies[0]["worker"]!["id"]!, (string)bodies[1]["worker"]!["id"]!);
        Assert.Single(bodies, b => (bool)b["worker"]!["isNewUser"]!);

        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync(name: "李秀兰");
        var code = await (await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { openid = worker.OpenId })).ReadJsonAsync();
        var again = await (await anonymous.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! })).ReadJsonAsync(HttpStatusCode.OK);
        var summary = again["worker"]!;
        Assert.Equal(worker.Id.ToString(), (string)summary["id"]!);
        Assert.False((bool)summary["isNewUser"]!);
        Assert.True((bool)summary["phoneBound"]!);
        Assert.True((bool)summary["identityComplete"]!);
        Assert.Equal(Changai.Domain.Privacy.Masking.Name("李秀兰"), (string?)summary["maskedName"]);

        // The refresh row the login wrote is there to rotate.
        var rotated = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = (string)again["refreshToken"]! });
        await rotated.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_rotates_and_reusing_an_old_one_revokes_the_whole_chain()
    {
        var worker = await api.NewWorkerAsync();
        var anonymous = api.CreateClient();
        var rotated = await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = worker.RefreshToken })).ReadJsonAsync(HttpStatusCode.OK);
        var newer = (string)rotated["refreshToken"]!;
        Assert.NotEqual(worker.RefreshToken, newer);

        // The old token shows up again: stolen or replayed. It fails, and so does the newer one from the same chain.
        await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = worker.RefreshToken })).ProblemAsync(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = newer })).ProblemAsync(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var worker = await api.NewWorkerAsync();
        await worker.Http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = worker.RefreshToken }).Expect(HttpStatusCode.NoContent);
        var refresh = await api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = worker.RefreshToken });
        await refresh.ProblemAsync(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [Fact]
    public async Task An_officer_token_carries_union_and_permissions()
    {
        var login = await (await api.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = "km.guandu", password = DemoDataSeeder.DefaultPassword }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("官渡区总工会", (string?)login["officer"]!["unionName"]);
        Assert.Contains("ReviewMembership", login["officer"]!["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.DoesNotContain("ManageQuiz", login["officer"]!["permissions"]!.AsArray().Select(p => (string?)p));
    }
}

/// <summary>Login attempts are limited per client and per account; with Redis configured the count is shared by every API instance.</summary>
public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Too_many_logins_from_one_address_get_429_with_retry_after()
    {
        await StayInOneMinuteAsync();
        await using var api = ApiFactory.With(new Dictionary<string, string?> { ["RateLimits:LoginPerIpPerMinute"] = "3" });
        var http = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username = "nobody" + i, password = "x" })).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }

        var limited = await http.PostAsJsonAsync("/api/auth/officer-login", new { username = "km.shi", password = DemoDataSeeder.DefaultPassword });
        await limited.ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task With_redis_the_account_limit_holds_across_two_api_instances()
    {
        if (Environment.GetEnvironmentVariable("TEST_REDIS") is null)
        {
            Assert.Fail("TEST_REDIS is not set: run the suite through tests/run.sh, which starts redis-server");
        }

        var limits = new Dictionary<string, string?> { ["RateLimits:LoginPerAccountPerMinute"] = "4", ["Redis:KeyPrefix"] = "shared-" + Guid.NewGuid().ToString("N") };
        await using var first = ApiFactory.With(limits);
        await using var second = ApiFactory.With(limits);
        // Both hosts are started before the minute is chosen: on a loaded machine a start takes longer than the window's slack.
        await first.CreateClient().GetAsync("/health/live").Expect(HttpStatusCode.OK);
        await second.CreateClient().GetAsync("/health/live").Expect(HttpStatusCode.OK);
        await StayInOneMinuteAsync();
        var account = "shared-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 2; i++)
        {
            await (await first.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = account, password = "x" })).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
            await (await second.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = account, password = "x" })).ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }

        await (await second.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = account, password = "x" })).ProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
    }

    /// <summary>The limits count per clock minute; start a test early in a minute so its requests share one window.</summary>
    private static async Task StayInOneMinuteAsync()
    {
        var now = DateTime.UtcNow;
        if (now.Second >= 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
        }
    }
}
