using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Simulator;

/// <summary>The simulator's own fidelity to the WeChat protocol, checked over raw HTTP.</summary>
public sealed class SimulatorProtocolTests
{
    [Theory]
    [InlineData("cgi-bin/stable_token")]
    [InlineData("cgi-bin/message/subscribe/send?access_token=x")]
    [InlineData("wxa/business/getuserphonenumber?access_token=x")]
    [InlineData("wxa/msg_sec_check?access_token=x")]
    [InlineData("wxa/getwxacodeunlimit?access_token=x")]
    [InlineData("wxa/getuserriskrank?access_token=x")]
    public async Task Post_only_apis_answer_get_with_http_200_and_43002(string path)
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.GetAsync($"wechat-sim/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WeChatErrorCodes.PostRequired, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Errmsg_ends_with_a_request_id()
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.GetAsync("wechat-sim/cgi-bin/stable_token");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(" rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", body.GetProperty("errmsg").GetString());
    }

    [Fact]
    public async Task Form_post_answers_47001()
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.PostAsync("wechat-sim/cgi-bin/stable_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credential",
            ["appid"] = SimulatorHost.AppId,
            ["secret"] = SimulatorHost.AppSecret,
        }));

        Assert.Equal(WeChatErrorCodes.InvalidJsonOrMissingParameter, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Business_call_without_access_token_answers_41001()
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.PostAsync("wechat-sim/wxa/business/getuserphonenumber", Json(new { code = "x" }));

        Assert.Equal(WeChatErrorCodes.AccessTokenMissing, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Business_call_with_an_unknown_access_token_answers_40001()
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.PostAsync("wechat-sim/wxa/business/getuserphonenumber?access_token=made-up", Json(new { code = "x" }));

        Assert.Equal(WeChatErrorCodes.InvalidAccessToken, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Business_call_with_a_missing_parameter_answers_47001()
    {
        await using var host = await SimulatorHost.StartAsync();
        var token = await StableTokenAsync(host);

        using var response = await host.Http.PostAsync(
            $"wechat-sim/wxa/business/getuserphonenumber?access_token={token.Value}", Json(new { openid = "o-user" }));

        Assert.Equal(WeChatErrorCodes.InvalidJsonOrMissingParameter, await ErrCodeAsync(response));
    }

    [Theory]
    [InlineData("wx-unknown", SimulatorHost.AppSecret, WeChatErrorCodes.InvalidAppId)]
    [InlineData(SimulatorHost.AppId, "wrong-secret", WeChatErrorCodes.InvalidSecret)]
    public async Task Stable_token_checks_appid_and_secret(string appId, string secret, int errCode)
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.PostAsync("wechat-sim/cgi-bin/stable_token",
            Json(new { grant_type = "client_credential", appid = appId, secret, force_refresh = false }));

        Assert.Equal(errCode, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Stable_token_is_the_same_until_five_minutes_before_expiry_and_the_old_one_lasts_until_then()
    {
        await using var host = await SimulatorHost.StartAsync();
        var first = await StableTokenAsync(host);
        host.Clock.Advance(TimeSpan.FromSeconds(6899));
        var same = await StableTokenAsync(host);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var rotated = await StableTokenAsync(host);

        Assert.Equal(7200, first.ExpiresIn);
        Assert.Equal(first.Value, same.Value);
        Assert.Equal(301, same.ExpiresIn);
        Assert.NotEqual(first.Value, rotated.Value);
        Assert.Equal(7200, rotated.ExpiresIn);
        Assert.Equal(0, await PhoneCallErrCodeAsync(host, first.Value));

        host.Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(WeChatErrorCodes.AccessTokenExpired, await PhoneCallErrCodeAsync(host, first.Value));
        Assert.Equal(0, await PhoneCallErrCodeAsync(host, rotated.Value));
    }

    [Fact]
    public async Task Force_refresh_invalidates_the_previous_token_at_once()
    {
        await using var host = await SimulatorHost.StartAsync();
        var old = await StableTokenAsync(host);

        var fresh = await StableTokenAsync(host, forceRefresh: true);

        Assert.NotEqual(old.Value, fresh.Value);
        Assert.Equal(WeChatErrorCodes.InvalidAccessToken, await PhoneCallErrCodeAsync(host, old.Value));
        Assert.Equal(0, await PhoneCallErrCodeAsync(host, fresh.Value));
    }

    [Fact]
    public async Task Force_refresh_within_30_seconds_returns_the_current_token()
    {
        await using var host = await SimulatorHost.StartAsync();
        var first = await StableTokenAsync(host, forceRefresh: true);
        host.Clock.Advance(TimeSpan.FromSeconds(29));

        var again = await StableTokenAsync(host, forceRefresh: true);

        Assert.Equal(first.Value, again.Value);
    }

    [Fact]
    public async Task Force_refresh_is_limited_to_20_a_day()
    {
        await using var host = await SimulatorHost.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            await StableTokenAsync(host, forceRefresh: true);
            host.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        using var response = await host.Http.PostAsync("wechat-sim/cgi-bin/stable_token", StableTokenBody(forceRefresh: true));

        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, await ErrCodeAsync(response));
    }

    [Fact]
    public async Task Expired_tokens_answer_42001()
    {
        await using var host = await SimulatorHost.StartAsync();
        var token = await StableTokenAsync(host);

        await host.Dev.ExpireTokensAsync();

        Assert.Equal(WeChatErrorCodes.AccessTokenExpired, await PhoneCallErrCodeAsync(host, token.Value));
        Assert.NotEqual(token.Value, (await StableTokenAsync(host)).Value);
    }

    [Fact]
    public async Task Legacy_token_is_new_on_every_call_and_the_previous_one_lasts_five_minutes()
    {
        await using var host = await SimulatorHost.StartAsync();
        var first = await LegacyTokenAsync(host);
        var second = await LegacyTokenAsync(host);

        Assert.NotEqual(first, second);
        Assert.Equal(0, await PhoneCallErrCodeAsync(host, first));

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(WeChatErrorCodes.AccessTokenExpired, await PhoneCallErrCodeAsync(host, first));
        Assert.Equal(0, await PhoneCallErrCodeAsync(host, second));
    }

    [Fact]
    public async Task Stable_and_legacy_tokens_are_separate()
    {
        await using var host = await SimulatorHost.StartAsync();
        var stable = await StableTokenAsync(host);

        await LegacyTokenAsync(host);
        await LegacyTokenAsync(host);

        Assert.Equal(stable.Value, (await StableTokenAsync(host)).Value);
    }

    [Fact]
    public async Task Stats_count_calls_per_api_and_tokens_issued()
    {
        await using var host = await SimulatorHost.StartAsync();
        await StableTokenAsync(host);
        await StableTokenAsync(host);
        await LegacyTokenAsync(host);

        var stats = await host.Http.GetFromJsonAsync<JsonElement>("wechat-sim/dev/stats");

        Assert.Equal(2, stats.GetProperty("calls").GetProperty(WeChatApiNames.StableToken).GetInt32());
        Assert.Equal(1, stats.GetProperty("calls").GetProperty(WeChatApiNames.LegacyToken).GetInt32());
        Assert.Equal(2, stats.GetProperty("tokensIssued").GetInt32());
    }

    [Theory]
    [InlineData("subscriptions", """{"openid":"o-user","templateId":"no-such-template","count":1}""")]
    [InlineData("subscriptions", """{"openid":"o-user","templateId":"tmpl-notice","count":0}""")]
    [InlineData("faults", """{"api":"no_such_api","errcode":-1,"count":1}""")]
    [InlineData("msg-sec-verdicts", """{"content":"x","suggest":"block","label":1}""")]
    [InlineData("phone-code", """{"phoneNumber":"call me"}""")]
    [InlineData("risk-ranks", """{"openid":"o-user","riskRank":5}""")]
    public async Task Dev_endpoints_reject_bad_input_with_a_validation_problem(string path, string body)
    {
        await using var host = await SimulatorHost.StartAsync();

        using var response = await host.Http.PostAsync($"wechat-sim/dev/{path}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static StringContent StableTokenBody(bool forceRefresh) =>
        Json(new { grant_type = "client_credential", appid = SimulatorHost.AppId, secret = SimulatorHost.AppSecret, force_refresh = forceRefresh });

    private static async Task<int> ErrCodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("errcode", out var errcode) ? errcode.GetInt32() : 0;
    }

    private static async Task<(string Value, int ExpiresIn)> StableTokenAsync(SimulatorHost host, bool forceRefresh = false)
    {
        using var response = await host.Http.PostAsync("wechat-sim/cgi-bin/stable_token", StableTokenBody(forceRefresh));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("expires_in").GetInt32());
    }

    private static async Task<string> LegacyTokenAsync(SimulatorHost host)
    {
        var body = await host.Http.GetFromJsonAsync<JsonElement>(
            $"wechat-sim/cgi-bin/token?grant_type=client_credential&appid={SimulatorHost.AppId}&secret={SimulatorHost.AppSecret}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Uses a token on a business API; 0 means the token was accepted.</summary>
    private static async Task<int> PhoneCallErrCodeAsync(SimulatorHost host, string token)
    {
        var code = await host.Dev.PhoneCodeAsync("13800138000");
        using var response = await host.Http.PostAsync($"wechat-sim/wxa/business/getuserphonenumber?access_token={token}", Json(new { code }));
        return await ErrCodeAsync(response);
    }
}
