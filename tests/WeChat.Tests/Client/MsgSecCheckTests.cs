using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;
using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class MsgSecCheckTests
{
    [Fact]
    public async Task Ordinary_content_passes_with_label_100_and_a_trace_id()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();

        var result = await host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("今天的职工技能培训很有收获", MsgSecCheckScene.Forum, openId));

        Assert.Equal(MsgSecCheckSuggest.Pass, result.Suggest);
        Assert.Equal(MsgSecCheckResult.LabelNormal, result.Label);
        Assert.False(string.IsNullOrEmpty(result.TraceId));
    }

    [Theory]
    [InlineData("risky", 20001, MsgSecCheckSuggest.Risky)]
    [InlineData("review", 10001, MsgSecCheckSuggest.Review)]
    public async Task Configured_verdict_is_reported_for_content_containing_it(string suggest, int label, MsgSecCheckSuggest expected)
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        await host.Dev.SetMsgSecVerdictAsync("违规词", suggest, label);

        var result = await host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("这段评论里有违规词。", MsgSecCheckScene.Comment, openId));

        Assert.Equal(expected, result.Suggest);
        Assert.Equal(label, result.Label);
    }

    [Fact]
    public async Task Verdicts_also_apply_to_title_and_nickname()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Simulator:MsgSecVerdicts:违规昵称:Suggest"] = "risky",
            ["WeChat:Simulator:MsgSecVerdicts:违规昵称:Label"] = "20003",
        });
        var openId = await host.LoggedInUserAsync();

        var result = await host.Client.MsgSecCheckAsync(
            new MsgSecCheckRequest("正常内容", MsgSecCheckScene.Profile, openId) { Nickname = "违规昵称" });

        Assert.Equal(MsgSecCheckSuggest.Risky, result.Suggest);
        Assert.Equal(20003, result.Label);
    }

    [Fact]
    public async Task User_who_never_logged_in_fails_with_61010()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("你好", MsgSecCheckScene.Comment, openId)));

        Assert.Equal(WeChatErrorCodes.UserNotRecentlyVisited, error.ErrCode);
    }

    [Fact]
    public async Task User_who_last_logged_in_over_two_hours_ago_fails_with_61010()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("你好", MsgSecCheckScene.Comment, openId)));

        Assert.Equal(WeChatErrorCodes.UserNotRecentlyVisited, error.ErrCode);
    }

    [Fact]
    public async Task Scene_outside_1_to_4_fails_with_40129()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("你好", (MsgSecCheckScene)5, openId)));

        Assert.Equal(WeChatErrorCodes.InvalidScene, error.ErrCode);
    }

    [Fact]
    public async Task Errcode_87014_is_reported_as_risky_rather_than_thrown()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        await host.Dev.FaultAsync(WeChatApiNames.MsgSecCheck, WeChatErrorCodes.ContentRisky);

        var result = await host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("内容", MsgSecCheckScene.Forum, openId));

        Assert.Equal(MsgSecCheckSuggest.Risky, result.Suggest);
    }

    [Fact]
    public async Task Chinese_text_and_emoji_reach_wechat_as_raw_utf8()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        await host.Dev.SetMsgSecVerdictAsync("工会😀𠀀", "review", 21000);

        // The simulator, like WeChat, cannot read \u-escaped text: it answers 47001 to such a body.
        var result = await host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("工会😀𠀀 \"quoted\" \\u4e2d", MsgSecCheckScene.Forum, openId));

        Assert.Equal(MsgSecCheckSuggest.Review, result.Suggest);
    }

    [Fact]
    public async Task Simulator_refuses_u_escaped_content_like_wechat()
    {
        await using var host = await SimulatorHost.StartAsync();
        var openId = await host.LoggedInUserAsync();
        var token = await host.App.Services.GetRequiredService<WeChatAccessTokenProvider>().GetTokenAsync();
        var escaped = JsonSerializer.Serialize(new { content = "工会", version = 2, scene = 1, openid = openId });

        using var response = await host.Http.PostAsync(
            $"wechat-sim/wxa/msg_sec_check?access_token={token}", new StringContent(escaped, Encoding.UTF8, "application/json"));

        Assert.Contains("\\u", escaped);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(WeChatErrorCodes.InvalidJsonOrMissingParameter, body.RootElement.GetProperty("errcode").GetInt32());
    }
}
