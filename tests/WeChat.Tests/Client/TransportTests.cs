using System.Net;
using System.Text.Json;
using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class TransportTests
{
    [Fact]
    public async Task Non_2xx_status_raises_a_transport_exception()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, _) = await host.Dev.LoginCodeAsync();
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, errcode: null, httpStatus: 503);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.Code2SessionAsync(code));

        Assert.Equal(WeChatApiNames.Code2Session, error.Api);
    }

    [Fact]
    public async Task Simulated_busy_fault_is_answered_for_the_next_n_calls_only()
    {
        await using var host = await SimulatorHost.StartAsync();
        var (code, _) = await host.Dev.LoginCodeAsync();
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, WeChatErrorCodes.SystemBusy, count: 2);

        var first = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(code));
        var second = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(code));
        var session = await host.Client.Code2SessionAsync(code);

        Assert.Equal([WeChatErrorCodes.SystemBusy, WeChatErrorCodes.SystemBusy], [first.ErrCode, second.ErrCode]);
        Assert.NotEmpty(session.OpenId);
    }

    [Fact]
    public async Task Html_error_page_raises_a_transport_exception()
    {
        using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond("<html><body>502 Bad Gateway</body></html>", "text/html")));

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => stub.Client.Code2SessionAsync("code"));

        Assert.Equal(WeChatApiNames.Code2Session, error.Api);
    }

    [Fact]
    public async Task Network_failure_raises_a_transport_exception()
    {
        using var stub = new StubbedClient((_, _) => throw new HttpRequestException("connection refused"));

        await Assert.ThrowsAsync<WeChatTransportException>(() => stub.Client.Code2SessionAsync("code"));
    }

    [Fact]
    public async Task Timeout_raises_a_transport_exception()
    {
        using var stub = new StubbedClient(
            async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return StubHandler.Respond("{}");
            },
            timeoutSeconds: 1);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => stub.Client.Code2SessionAsync("code"));

        // The resilience pipeline's timeout (WeChat:TimeoutSeconds bounds every attempt too).
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_transport_failure()
    {
        using var stub = new StubbedClient(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return StubHandler.Respond("{}");
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stub.Client.Code2SessionAsync("code", cts.Token));
    }

    [Theory]
    [InlineData("\"86\"")]
    [InlineData("86")]
    public async Task Country_code_is_read_whether_sent_as_string_or_number(string countryCode)
    {
        using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond(
            $$$"""{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"13800138000","purePhoneNumber":"13800138000","countryCode":{{{countryCode}}}}}""")));

        var phone = await stub.Client.GetUserPhoneNumberAsync("code");

        Assert.Equal("86", phone.CountryCode);
    }

    [Fact]
    public async Task Qr_code_json_error_without_a_json_content_type_raises_an_api_exception()
    {
        using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond(
            """{"errcode":41030,"errmsg":"invalid page rid: 1"}""", "text/plain")));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => stub.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("id=1")));

        Assert.Equal(WeChatErrorCodes.InvalidPage, error.ErrCode);
    }

    [Fact]
    public async Task Qr_code_image_without_an_image_content_type_is_recognised_by_its_bytes()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];
        using var stub = new StubbedClient((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(jpeg) }));

        var image = await stub.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("id=1"));

        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(jpeg, image.Content);
    }

    [Fact]
    public async Task Subscribe_message_goes_out_as_unescaped_utf8_json_in_wechats_shape()
    {
        using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond("""{"errcode":0,"errmsg":"ok"}""")));

        await stub.Client.SendSubscribeMessageAsync(new SubscribeMessage("o-user", "tmpl", new Dictionary<string, string>
        {
            ["thing1"] = "工会活动 🎉",
            ["time2"] = "09:30",
        }));

        var body = Assert.Single(stub.Handler.Bodies);
        Assert.DoesNotContain("\\u", body);
        Assert.Contains("工会活动 🎉", body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("o-user", root.GetProperty("touser").GetString());
        Assert.Equal("tmpl", root.GetProperty("template_id").GetString());
        Assert.Equal("工会活动 🎉", root.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.Equal("formal", root.GetProperty("miniprogram_state").GetString());
        Assert.Equal("zh_CN", root.GetProperty("lang").GetString());
        Assert.False(root.TryGetProperty("page", out _));
    }

    [Fact]
    public async Task Qr_code_request_sends_every_option_including_auto_color()
    {
        using var stub = new StubbedClient((_, _) => Task.FromResult(StubHandler.Respond("""{"errcode":40097,"errmsg":"invalid args"}""")));

        await Assert.ThrowsAsync<WeChatApiException>(() => stub.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("id=1") { AutoColor = true }));

        using var json = JsonDocument.Parse(Assert.Single(stub.Handler.Bodies));
        Assert.True(json.RootElement.GetProperty("auto_color").GetBoolean());
        Assert.True(json.RootElement.GetProperty("check_path").GetBoolean());
        Assert.Equal("release", json.RootElement.GetProperty("env_version").GetString());
        Assert.Equal(430, json.RootElement.GetProperty("width").GetInt32());
    }

    [Fact]
    public void Escaped_backslashes_are_not_mistaken_for_surrogate_escapes()
    {
        var json = JsonSerializer.Serialize(new { text = "\\uD83D\\uDE00 😀" });

        var unescaped = WeChatJson.UnescapeSurrogatePairs(json);

        Assert.EndsWith(" 😀\"}", unescaped);
        Assert.Equal("\\uD83D\\uDE00 😀", JsonDocument.Parse(unescaped).RootElement.GetProperty("text").GetString());
    }
}
