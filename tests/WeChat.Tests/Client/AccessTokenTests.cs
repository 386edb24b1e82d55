using Changai.WeChat.Tests.Infrastructure;

namespace Changai.WeChat.Tests.Client;

public sealed class AccessTokenTests
{
    [Fact]
    public async Task One_token_fetch_serves_many_calls()
    {
        await using var host = await SimulatorHost.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        }

        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
        Assert.Equal(0, await host.Dev.CallsAsync(WeChatApiNames.LegacyToken));
    }

    [Fact]
    public async Task Fifty_concurrent_first_calls_share_one_token_fetch()
    {
        await using var host = await SimulatorHost.StartAsync();
        var codes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.Dev.PhoneCodeAsync("13800138000")));

        var phones = await Task.WhenAll(codes.Select(code => Task.Run(() => host.Client.GetUserPhoneNumberAsync(code))));

        Assert.Equal(50, phones.Length);
        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
    }

    [Fact]
    public async Task Token_is_renewed_five_minutes_before_it_expires_without_a_failed_call()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        host.Clock.Advance(TimeSpan.FromSeconds(7200 - 300));

        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));

        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.GetPhoneNumber));
    }

    [Fact]
    public async Task Token_expired_mid_use_is_renewed_and_the_call_retried_once()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        await host.Dev.ExpireTokensAsync();

        var phone = await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13900139000"));

        Assert.Equal("13900139000", phone.PurePhoneNumber);
        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
        Assert.Equal(3, await host.Dev.CallsAsync(WeChatApiNames.GetPhoneNumber));
        Assert.Equal(0, await host.Dev.ForceRefreshesAsync());
    }

    [Fact]
    public async Task Concurrent_calls_rejected_for_the_same_expired_token_renew_it_once()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        await host.Dev.ExpireTokensAsync();
        var codes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Dev.PhoneCodeAsync("13800138000")));

        await Task.WhenAll(codes.Select(code => Task.Run(() => host.Client.GetUserPhoneNumberAsync(code))));

        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
    }

    [Fact]
    public async Task Token_that_wechat_rejects_but_still_hands_out_is_force_refreshed_once()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.InvalidAccessToken);

        var phone = await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13900139000"));

        Assert.Equal("13900139000", phone.PurePhoneNumber);
        Assert.Equal(1, await host.Dev.ForceRefreshesAsync());
        Assert.Equal(3, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
    }

    [Theory]
    [InlineData(WeChatErrorCodes.InvalidAccessToken)]
    [InlineData(WeChatErrorCodes.InvalidAccessTokenFormat)]
    [InlineData(WeChatErrorCodes.AccessTokenExpired)]
    public async Task Token_rejection_is_retried_once_and_never_looped(int errCode)
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, errCode, count: 5);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            async () => await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000")));

        Assert.Equal(errCode, error.ErrCode);
        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.GetPhoneNumber));
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.SystemBusy);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            async () => await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000")));

        Assert.Equal(WeChatErrorCodes.SystemBusy, error.ErrCode);
        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.GetPhoneNumber));
        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
    }

    [Fact]
    public async Task Forced_refresh_is_not_repeated_within_30_seconds()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.InvalidAccessToken);
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.InvalidAccessToken);

        var error = await Assert.ThrowsAsync<WeChatApiException>(
            async () => await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000")));

        Assert.Equal(WeChatErrorCodes.InvalidAccessToken, error.ErrCode);
        Assert.Equal(1, await host.Dev.ForceRefreshesAsync());
    }

    [Fact]
    public async Task Forced_refresh_is_allowed_again_after_30_seconds()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.InvalidAccessToken);
        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await host.Dev.FaultAsync(WeChatApiNames.GetPhoneNumber, WeChatErrorCodes.InvalidAccessToken);

        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));

        Assert.Equal(2, await host.Dev.ForceRefreshesAsync());
    }

    [Fact]
    public async Task Wrong_secret_surfaces_as_a_stable_token_error()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Simulator:Apps:0:AppId"] = SimulatorHost.AppId,
            ["WeChat:Simulator:Apps:0:Secret"] = "the-real-secret",
        });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUserPhoneNumberAsync("any-code"));

        Assert.Equal(WeChatApiNames.StableToken, error.Api);
        Assert.Equal(WeChatErrorCodes.InvalidSecret, error.ErrCode);
    }
}
