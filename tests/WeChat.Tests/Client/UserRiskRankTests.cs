using System.Net;
using System.Text;
using System.Text.Json;
using Changai.WeChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.WeChat.Tests.Client;

public sealed class UserRiskRankTests
{
    [Fact]
    public async Task A_user_nobody_flagged_is_rank_0()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();

        var rank = await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest(openId, UserRiskScene.MarketingCheat, "203.0.113.7"));

        Assert.Equal(0, rank.RiskRank);
        Assert.NotNull(rank.RequestId);
    }

    [Fact]
    public async Task The_rank_set_for_a_user_is_reported_for_that_user_only()
    {
        await using var host = await SimulatorHost.StartAsync();
        var risky = await host.LoggedInUserAsync();
        var other = await host.LoggedInUserAsync();
        await host.Dev.SetRiskRankAsync(risky, 4);

        Assert.Equal(4, (await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest(risky, UserRiskScene.MarketingCheat, "203.0.113.7"))).RiskRank);
        Assert.Equal(0, (await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest(other, UserRiskScene.MarketingCheat, "203.0.113.8"))).RiskRank);
    }

    [Fact]
    public async Task Ranks_can_be_configured_at_start()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["WeChat:Simulator:RiskRanks:o-bonus-hunter"] = "3" });

        var rank = await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest("o-bonus-hunter", UserRiskScene.Register, "198.51.100.1"));

        Assert.Equal(3, rank.RiskRank);
    }

    [Fact]
    public async Task An_unknown_openid_fails_with_40003()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.GetUserRiskRankAsync(new UserRiskRankRequest("o-never-seen", UserRiskScene.MarketingCheat, "203.0.113.7")));

        Assert.Equal(WeChatErrorCodes.InvalidOpenId, error.ErrCode);
        Assert.Equal(WeChatApiNames.GetUserRiskRank, error.Api);
    }

    [Fact]
    public async Task The_body_names_the_configured_app_and_carries_the_client_ip()
    {
        using var stub = new StubbedClient((_, _) =>
            Task.FromResult(StubHandler.Respond("""{"errcode":0,"errmsg":"getuserriskrank succ","risk_rank":2,"unoin_id":123456}""")));

        var rank = await stub.Client.GetUserRiskRankAsync(new UserRiskRankRequest("o-user", UserRiskScene.MarketingCheat, "203.0.113.7"));

        Assert.Equal(new UserRiskRank(2, 123456), rank);
        using var json = JsonDocument.Parse(Assert.Single(stub.Handler.Bodies));
        Assert.Equal(SimulatorHost.AppId, json.RootElement.GetProperty("appid").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("scene").GetInt32());
        Assert.Equal("203.0.113.7", json.RootElement.GetProperty("client_ip").GetString());
        Assert.False(json.RootElement.TryGetProperty("mobile_no", out _));
    }

    [Fact]
    public async Task A_missing_or_impossible_rank_is_a_transport_error_not_a_verdict()
    {
        foreach (var answer in new[] { """{"errcode":0,"errmsg":"ok"}""", """{"errcode":0,"errmsg":"ok","risk_rank":9}""" })
        {
            using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond(answer)));

            await Assert.ThrowsAsync<WeChatTransportException>(
                () => stub.Client.GetUserRiskRankAsync(new UserRiskRankRequest("o-user", UserRiskScene.MarketingCheat, "203.0.113.7")));
        }
    }

    [Fact]
    public async Task A_scene_outside_0_to_2_answers_47003()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        var token = await host.App.Services.GetRequiredService<WeChatAccessTokenProvider>().GetTokenAsync();
        var body = JsonSerializer.Serialize(new { appid = SimulatorHost.AppId, openid = openId, scene = 7, client_ip = "203.0.113.7" });

        using var response = await host.Http.PostAsync($"wechat-sim/wxa/getuserriskrank?access_token={token}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(WeChatErrorCodes.InvalidArgument, json.RootElement.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_and_the_check_retried_once()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest(openId, UserRiskScene.MarketingCheat, "203.0.113.7"));
        await host.Dev.ExpireTokensAsync();

        var rank = await host.Client.GetUserRiskRankAsync(new UserRiskRankRequest(openId, UserRiskScene.MarketingCheat, "203.0.113.7"));

        Assert.Equal(0, rank.RiskRank);
        Assert.Equal(3, await host.Dev.CallsAsync(WeChatApiNames.GetUserRiskRank));
    }
}
