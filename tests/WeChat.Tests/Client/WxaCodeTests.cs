using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class WxaCodeTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Qr_code_comes_back_as_image_bytes()
    {
        await using var host = await SimulatorHost.StartAsync();

        var image = await host.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("act=42&ref=abc") { Page = SimulatorHost.PublishedPage });

        Assert.Equal("image/png", image.ContentType);
        Assert.Equal(PngSignature, image.Content.Take(8));
        Assert.True(image.Content.Length > 200);
    }

    [Fact]
    public async Task Transparent_coloured_qr_code_for_the_home_page_is_an_image()
    {
        await using var host = await SimulatorHost.StartAsync();

        var image = await host.Client.GetUnlimitedQrCodeAsync(
            new WxaCodeRequest("id=1") { IsHyaline = true, LineColor = new WxaCodeLineColor(200, 30, 30), Width = 1280 });

        Assert.Equal(PngSignature, image.Content.Take(8));
    }

    [Fact]
    public async Task Scene_with_characters_outside_the_allowed_set_raises_40129()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("活动=42")));

        Assert.Equal(WeChatErrorCodes.InvalidScene, error.ErrCode);
        Assert.Equal(WeChatApiNames.GetWxaCodeUnlimit, error.Api);
    }

    [Fact]
    public async Task Scene_longer_than_32_characters_raises_40169()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest(new string('a', 33))));

        Assert.Equal(WeChatErrorCodes.SceneTooLong, error.ErrCode);
    }

    [Fact]
    public async Task Unpublished_page_raises_41030_unless_check_path_is_off()
    {
        await using var host = await SimulatorHost.StartAsync();
        var request = new WxaCodeRequest("id=1") { Page = SimulatorHost.UnpublishedPage };

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUnlimitedQrCodeAsync(request));
        var image = await host.Client.GetUnlimitedQrCodeAsync(request with { CheckPath = false });

        Assert.Equal(WeChatErrorCodes.InvalidPage, error.ErrCode);
        Assert.Equal("image/png", image.ContentType);
    }

    [Fact]
    public async Task Page_with_a_leading_slash_raises_41030()
    {
        await using var host = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            () => host.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("id=1") { Page = "/" + SimulatorHost.PublishedPage }));

        Assert.Equal(WeChatErrorCodes.InvalidPage, error.ErrCode);
    }

    [Fact]
    public async Task Default_home_page_stays_published_beside_configured_pages()
    {
        await using var host = await SimulatorHost.StartAsync();

        var image = await host.Client.GetUnlimitedQrCodeAsync(new WxaCodeRequest("id=1") { Page = "pages/index/index" });

        Assert.Equal("image/png", image.ContentType);
    }
}
