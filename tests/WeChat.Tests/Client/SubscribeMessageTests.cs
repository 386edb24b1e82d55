using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class SubscribeMessageTests
{
    private static SubscribeMessage Notice(string openId, string title = "工会春季职工运动会") =>
        new(openId, SimulatorHost.NoticeTemplate, new Dictionary<string, string>
        {
            ["thing1"] = title,
            ["time2"] = "2025年3月8日 09:30",
            ["phrase3"] = "报名成功",
        });

    [Fact]
    public async Task Delivered_message_is_recorded_with_its_data_page_state_and_language()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        await host.Client.SendSubscribeMessageAsync(Notice(openId, "运动会报名 🏃") with { Page = $"{SimulatorHost.PublishedPage}?id=42" });

        var message = Assert.Single(await host.Dev.MessagesAsync(openId));
        Assert.Equal(SimulatorHost.NoticeTemplate, message.GetProperty("templateId").GetString());
        Assert.Equal($"{SimulatorHost.PublishedPage}?id=42", message.GetProperty("page").GetString());
        Assert.Equal("运动会报名 🏃", message.GetProperty("data").GetProperty("thing1").GetString());
        Assert.Equal("报名成功", message.GetProperty("data").GetProperty("phrase3").GetString());
        Assert.Equal("formal", message.GetProperty("miniProgramState").GetString());
        Assert.Equal("zh_CN", message.GetProperty("lang").GetString());
        Assert.Equal(host.Clock.GetUtcNow(), message.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Messages_can_be_listed_for_all_users()
    {
        await using var host = await SimulatorHost.StartAsync();
        foreach (var user in new[] { "o-user-a", "o-user-b" })
        {
            await host.Dev.GrantSubscriptionsAsync(user, SimulatorHost.NoticeTemplate, 1);
            await host.Client.SendSubscribeMessageAsync(Notice(user));
        }

        Assert.Single(await host.Dev.MessagesAsync("o-user-a"));
        Assert.Equal(2, (await host.Dev.MessagesAsync()).Length);
    }

    [Fact]
    public async Task Accepts_accumulate_and_each_send_uses_one_until_43101()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        await host.Client.SendSubscribeMessageAsync(Notice(openId));
        await host.Client.SendSubscribeMessageAsync(Notice(openId));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(Notice(openId)));

        Assert.Equal(WeChatErrorCodes.SubscriptionQuotaExhausted, error.ErrCode);
        Assert.Equal(2, (await host.Dev.MessagesAsync(openId)).Length);
    }

    [Fact]
    public async Task Failed_send_uses_no_accept()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);
        await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(Notice(openId, new string('长', 21))));

        await host.Client.SendSubscribeMessageAsync(Notice(openId));

        Assert.Single(await host.Dev.MessagesAsync(openId));
    }

    [Fact]
    public async Task Accepts_are_per_template()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, "sim-tmpl-notice", 1);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(Notice(openId)));

        Assert.Equal(WeChatErrorCodes.SubscriptionQuotaExhausted, error.ErrCode);
    }

    [Fact]
    public async Task Thing_value_of_21_characters_fails_with_47003_naming_the_field()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.SendSubscribeMessageAsync(Notice(openId, "一二三四五六七八九十一二三四五六七八九十一")));

        Assert.Equal(WeChatErrorCodes.InvalidArgument, error.ErrCode);
        Assert.StartsWith("argument invalid! data.thing1.value", error.ErrMsg);
    }

    [Fact]
    public async Task Thing_value_of_20_characters_is_delivered()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        await host.Client.SendSubscribeMessageAsync(Notice(openId, "一二三四五六七八九十一二三四五六七八九十"));

        Assert.Single(await host.Dev.MessagesAsync(openId));
    }

    [Fact]
    public async Task Cjk_in_a_character_string_fails_with_47003()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.AllTypesTemplate, 2);
        var data = new Dictionary<string, string>
        {
            ["character_string1"] = "SQ-2025-0001",
            ["amount2"] = "¥1200.00",
            ["date3"] = "2025-03-08",
            ["name4"] = "阿卜杜拉·买买提",
            ["phone_number5"] = "0871-63311234",
        };
        await host.Client.SendSubscribeMessageAsync(new SubscribeMessage(openId, SimulatorHost.AllTypesTemplate, data));

        data["character_string1"] = "申请SQ-0001";
        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.SendSubscribeMessageAsync(new SubscribeMessage(openId, SimulatorHost.AllTypesTemplate, data)));

        Assert.Equal(WeChatErrorCodes.InvalidArgument, error.ErrCode);
        Assert.StartsWith("argument invalid! data.character_string1.value", error.ErrMsg);
    }

    [Fact]
    public async Task Missing_keyword_fails_with_47003()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);
        var message = new SubscribeMessage(openId, SimulatorHost.NoticeTemplate, new Dictionary<string, string>
        {
            ["thing1"] = "职工运动会",
            ["time2"] = "09:30",
        });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(message));

        Assert.StartsWith("argument invalid! data.phrase3.value", error.ErrMsg);
    }

    [Fact]
    public async Task Keyword_the_template_does_not_have_fails_with_47003()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);
        var message = Notice(openId);
        var data = new Dictionary<string, string>(message.Data) { ["thing9"] = "多余" };

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(message with { Data = data }));

        Assert.StartsWith("argument invalid! data.thing9.value", error.ErrMsg);
    }

    [Fact]
    public async Task Unknown_template_fails_with_40037()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.SendSubscribeMessageAsync(Notice(openId) with { TemplateId = "no-such-template" }));

        Assert.Equal(WeChatErrorCodes.InvalidTemplateId, error.ErrCode);
    }

    [Fact]
    public async Task Unknown_openid_fails_with_40003()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.SendSubscribeMessageAsync(Notice("o-never-seen")));

        Assert.Equal(WeChatErrorCodes.InvalidOpenId, error.ErrCode);
    }

    [Fact]
    public async Task Page_not_in_the_published_app_fails_with_41030()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.SendSubscribeMessageAsync(Notice(openId) with { Page = SimulatorHost.UnpublishedPage }));

        Assert.Equal(WeChatErrorCodes.InvalidPage, error.ErrCode);
    }

    [Theory]
    [InlineData("preview", "zh_CN", "miniprogram_state")]
    [InlineData("developer", "fr_FR", "lang")]
    public async Task Unknown_state_or_language_fails_with_47003(string state, string lang, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 1);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.SendSubscribeMessageAsync(Notice(openId) with { MiniProgramState = state, Lang = lang }));

        Assert.Equal(WeChatErrorCodes.InvalidArgument, error.ErrCode);
        Assert.StartsWith($"argument invalid! {field}", error.ErrMsg);
    }

    [Fact]
    public async Task Configured_state_is_used_unless_the_message_sets_one()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["WeChat:MiniProgramState"] = "trial" });
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, SimulatorHost.NoticeTemplate, 2);

        await host.Client.SendSubscribeMessageAsync(Notice(openId));
        await host.Client.SendSubscribeMessageAsync(Notice(openId) with { MiniProgramState = "developer", Lang = "en_US" });

        var messages = await host.Dev.MessagesAsync(openId);
        Assert.Equal(["trial", "developer"], messages.Select(m => m.GetProperty("miniProgramState").GetString()));
        Assert.Equal("en_US", messages[1].GetProperty("lang").GetString());
    }

    [Fact]
    public async Task Default_templates_stay_available_beside_configured_ones()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (_, openId) = await host.Dev.LoginCodeAsync();
        await host.Dev.GrantSubscriptionsAsync(openId, "sim-tmpl-notice", 1);

        await host.Client.SendSubscribeMessageAsync(new SubscribeMessage(openId, "sim-tmpl-notice", new Dictionary<string, string>
        {
            ["thing1"] = "会费缴纳提醒",
            ["time2"] = "2025-03-31 18:00",
            ["thing3"] = "请及时缴纳",
        }));

        Assert.Single(await host.Dev.MessagesAsync(openId));
    }
}
