using System.Diagnostics;
using Changai.WeChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changai.WeChat.Tests.Client;

/// <summary>The HttpClient's resilience pipeline against the simulator's injected faults: what is repeated, what
/// never is, and the breaker.</summary>
public sealed class ResilienceTests
{
    // The attempt timeout leaves room for a loaded machine (2 cores shared by parallel test runs); the slow answers the
    // timeout tests inject are far longer.
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["WeChat:Resilience:RetryDelaySeconds"] = "0.01",
        ["WeChat:Resilience:AttemptTimeoutSeconds"] = "2",
    };

    [Fact]
    public async Task A_subscribe_send_answered_with_5xx_is_attempted_exactly_once()
    {
        await using var host = await SimulatorHost.StartAsync(FastRetries);
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 1);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, count: 5, httpStatus: 503);

        await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));
    }

    [Fact]
    public async Task A_subscribe_send_that_times_out_is_attempted_exactly_once_though_it_may_have_been_delivered()
    {
        await using var host = await SimulatorHost.StartAsync(FastRetries);
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 2);
        // Answers after 8 s, well past the 2 s attempt timeout; the simulator has delivered it by then.
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, count: 5, delayMs: 8000);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));
        // Why it is never repeated: WeChat took the first one. A repeat would have pushed it twice.
        Assert.Single(await host.Dev.MessagesAsync("o-user"));
    }

    [Fact]
    public async Task A_token_fetch_is_retried_after_a_transient_5xx()
    {
        await using var host = await SimulatorHost.StartAsync(FastRetries);
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 1);
        await host.Dev.FaultAsync(WeChatApiNames.StableToken, errcode: null, count: 1, httpStatus: 502);

        await host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user"));

        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
        Assert.Single(await host.Dev.MessagesAsync("o-user"));
    }

    [Fact]
    public async Task A_token_fetch_that_times_out_is_retried()
    {
        await using var host = await SimulatorHost.StartAsync(FastRetries);
        await host.Dev.FaultAsync(WeChatApiNames.StableToken, errcode: null, count: 1, delayMs: 8000);

        var result = await host.Client.MsgSecCheckAsync(new MsgSecCheckRequest("你好", MsgSecCheckScene.Comment, await host.LoggedInUserAsync()));

        Assert.Equal(MsgSecCheckSuggest.Pass, result.Suggest);
        Assert.Equal(2, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
    }

    [Fact]
    public async Task A_code2session_is_not_retried_because_its_code_may_already_be_spent()
    {
        await using var host = await SimulatorHost.StartAsync(FastRetries);
        var (code, _) = await host.Dev.LoginCodeAsync();
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, errcode: null, count: 1, httpStatus: 503);

        await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.Code2SessionAsync(code));

        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.Code2Session));
    }

    [Fact]
    public async Task A_token_fetch_failing_every_time_gives_up_after_the_configured_retries()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>(FastRetries) { ["WeChat:Resilience:MaxRetries"] = "2" });
        await host.Dev.FaultAsync(WeChatApiNames.StableToken, errcode: null, count: 10, httpStatus: 503);

        await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(3, await host.Dev.CallsAsync(WeChatApiNames.StableToken));
        Assert.Equal(0, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_fails_fast_without_calling_WeChat_and_closes_after_the_break()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>(FastRetries)
        {
            ["WeChat:Resilience:BreakerMinimumThroughput"] = "4",
            ["WeChat:Resilience:BreakerFailureRatio"] = "0.5",
            ["WeChat:Resilience:BreakerBreakSeconds"] = "30",
        });
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, errcode: null, count: 100, httpStatus: 500);

        for (var i = 0; i < 4; i++)
        {
            var failure = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.Code2SessionAsync("any-code"));
            Assert.IsNotType<WeChatCircuitOpenException>(failure);
        }

        var reachedWeChat = await host.Dev.CallsAsync(WeChatApiNames.Code2Session);
        var stopwatch = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<WeChatCircuitOpenException>(() => host.Client.Code2SessionAsync("any-code"));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), "an open breaker answers at once");
        Assert.Equal(WeChatApiNames.Code2Session, open.Api);
        Assert.NotNull(open.RetryAfter);
        // Every API goes to the same host, so the breaker holds them all back, and none reaches WeChat.
        await Assert.ThrowsAsync<WeChatCircuitOpenException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));
        Assert.Equal(reachedWeChat, await host.Dev.CallsAsync(WeChatApiNames.Code2Session));
        Assert.Equal(0, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));

        // WeChat recovers; after the break one trial call goes through and closes the breaker.
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, errcode: null, count: 0);
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var (code, openId) = await host.Dev.LoginCodeAsync();
        Assert.Equal(openId, (await host.Client.Code2SessionAsync(code)).OpenId);
    }

    [Fact]
    public async Task Retries_timeouts_and_the_breaker_log_no_secret_code_or_token()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await SimulatorHost.StartAsync(
            new Dictionary<string, string?>(FastRetries) { ["WeChat:Resilience:BreakerMinimumThroughput"] = "3", ["WeChat:Resilience:AttemptTimeoutSeconds"] = "1" },
            s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        await host.Dev.FaultAsync(WeChatApiNames.StableToken, errcode: null, count: 1, httpStatus: 503);
        var token = await host.App.Services.GetRequiredService<WeChatAccessTokenProvider>().GetTokenAsync();
        var (code, _) = await host.Dev.LoginCodeAsync();
        await host.Dev.FaultAsync(WeChatApiNames.Code2Session, errcode: null, count: 5, delayMs: 5000);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAnyAsync<WeChatTransportException>(() => host.Client.Code2SessionAsync(code));
        }

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal));
        Assert.All(logs.Entries.Where(e => !e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), e =>
        {
            Assert.DoesNotContain(SimulatorHost.AppSecret, e.Text);
            Assert.DoesNotContain(code, e.Text);
            Assert.DoesNotContain(token, e.Text);
            Assert.DoesNotContain("js_code", e.Text);
        });
    }

    [Fact]
    public async Task A_bad_resilience_setting_fails_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Resilience:BreakerFailureRatio"] = "1.5",
        }));

        Assert.Contains("WeChat:Resilience", error.Message, StringComparison.Ordinal);
    }
}
