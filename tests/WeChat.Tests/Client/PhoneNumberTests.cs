using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class PhoneNumberTests
{
    [Fact]
    public async Task Phone_code_gives_the_users_mainland_number()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("13800138000");

        var phone = await host.Client.GetUserPhoneNumberAsync(code);

        Assert.Equal(new PhoneNumberInfo("13800138000", "13800138000", "86"), phone);
    }

    [Fact]
    public async Task Non_mainland_number_carries_its_country_code()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("61234567", countryCode: "852");

        var phone = await host.Client.GetUserPhoneNumberAsync(code);

        Assert.Equal(new PhoneNumberInfo("+85261234567", "61234567", "852"), phone);
    }

    [Fact]
    public async Task Phone_code_works_once_then_fails_with_40029()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("13800138000");
        await host.Client.GetUserPhoneNumberAsync(code);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUserPhoneNumberAsync(code));

        Assert.Equal(WeChatErrorCodes.InvalidCode, error.ErrCode);
        Assert.Equal(WeChatApiNames.GetPhoneNumber, error.Api);
    }

    [Fact]
    public async Task Phone_code_expires_after_five_minutes()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("13800138000");
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUserPhoneNumberAsync(code));

        Assert.Equal(WeChatErrorCodes.InvalidCode, error.ErrCode);
    }

    [Fact]
    public async Task Phone_code_checked_against_another_users_openid_fails()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("13800138000", openId: "o-the-owner");

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUserPhoneNumberAsync(code, openId: "o-someone-else"));

        Assert.Equal(WeChatErrorCodes.InvalidCode, error.ErrCode);
    }

    [Fact]
    public async Task Phone_code_checked_against_its_own_openid_succeeds()
    {
        await using var host = await SimulatorHost.StartAsync();
        var code = await host.Dev.PhoneCodeAsync("13800138000", openId: "o-the-owner");

        var phone = await host.Client.GetUserPhoneNumberAsync(code, openId: "o-the-owner");

        Assert.Equal("13800138000", phone.PurePhoneNumber);
    }

    [Fact]
    public void Phone_number_is_kept_out_of_the_result_text()
    {
        Assert.DoesNotContain("13800138000", new PhoneNumberInfo("13800138000", "13800138000", "86").ToString());
    }
}
