using System.Net.Http.Json;
using System.Text.Json;
using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class Code2SessionTests
{
    [Fact]
    public async Task Login_code_gives_the_users_openid_and_a_16_byte_session_key()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, openId) = await host.Dev.LoginCodeAsync();

        var session = await host.Client.Code2SessionAsync(code);

        Assert.Equal(openId, session.OpenId);
        Assert.Equal(16, Convert.FromBase64String(session.SessionKey).Length);
        Assert.Null(session.UnionId);
    }

    [Fact]
    public async Task New_users_get_openids_shaped_like_wechats()
    {
        await using var host = await SimulatorHost.StartAsync();

        var (_, first) = await host.Dev.LoginCodeAsync();
        var (_, second) = await host.Dev.LoginCodeAsync();

        Assert.Matches("^o[A-Za-z0-9_-]{27}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Login_code_works_once_then_fails_with_40163()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, _) = await host.Dev.LoginCodeAsync();
        await host.Client.Code2SessionAsync(code);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(code));

        Assert.Equal(WeChatErrorCodes.CodeAlreadyUsed, error.ErrCode);
        Assert.Equal(WeChatApiNames.Code2Session, error.Api);
    }

    [Fact]
    public async Task Login_code_still_works_just_before_five_minutes()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, openId) = await host.Dev.LoginCodeAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        var session = await host.Client.Code2SessionAsync(code);

        Assert.Equal(openId, session.OpenId);
    }

    [Fact]
    public async Task Login_code_expires_after_five_minutes()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, _) = await host.Dev.LoginCodeAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(code));

        Assert.Equal(WeChatErrorCodes.InvalidCode, error.ErrCode);
    }

    [Fact]
    public async Task Unknown_login_code_fails_with_40029()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync("not-a-code-wechat-issued"));

        Assert.Equal(WeChatErrorCodes.InvalidCode, error.ErrCode);
    }

    [Fact]
    public async Task Wrong_app_secret_fails_with_40125()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Simulator:Apps:0:AppId"] = SimulatorHost.AppId,
            ["WeChat:Simulator:Apps:0:Secret"] = "the-real-secret",
        });
        var (code, _) = await host.Dev.LoginCodeAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(code));

        Assert.Equal(WeChatErrorCodes.InvalidSecret, error.ErrCode);
    }

    [Fact]
    public async Task App_bound_to_an_open_platform_account_gets_a_stable_unionid()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Simulator:Apps:0:AppId"] = SimulatorHost.AppId,
            ["WeChat:Simulator:Apps:0:Secret"] = SimulatorHost.AppSecret,
            ["WeChat:Simulator:Apps:0:HasUnionId"] = "true",
        });
        var (first, openId) = await host.Dev.LoginCodeAsync();
        var (second, _) = await host.Dev.LoginCodeAsync(openId);

        var a = await host.Client.Code2SessionAsync(first);
        var b = await host.Client.Code2SessionAsync(second);

        Assert.NotNull(a.UnionId);
        Assert.Equal(a.UnionId, b.UnionId);
        Assert.NotEqual(a.SessionKey, b.SessionKey);
    }

    [Fact]
    public async Task Json_labelled_text_plain_is_parsed()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (rawCode, _) = await host.Dev.LoginCodeAsync();
        using var raw = await host.Http.GetAsync(
            $"wechat-sim/sns/jscode2session?appid={SimulatorHost.AppId}&secret={SimulatorHost.AppSecret}&js_code={rawCode}&grant_type=authorization_code");
        var (code, openId) = await host.Dev.LoginCodeAsync();

        var session = await host.Client.Code2SessionAsync(code);

        Assert.Equal("text/plain", raw.Content.Headers.ContentType?.MediaType);
        Assert.False((await raw.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errcode", out _));
        Assert.Equal(openId, session.OpenId);
    }

    [Fact]
    public void Session_key_is_kept_out_of_the_result_text()
    {
        var result = new Code2SessionResult("o-user", "c2Vzc2lvbi1rZXktMTY=", null);

        Assert.DoesNotContain("c2Vzc2lvbi1rZXktMTY=", result.ToString());
    }
}
