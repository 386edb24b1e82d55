using System.Net;
using System.Net.Sockets;
using Changai.WeChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.WeChat.Tests.Client;

/// <summary>
/// What a failed subscribe send tells the caller about delivery, against the simulator: WeChat has no idempotency key, so
/// the dispatcher may repeat a send only when the request is known never to have reached WeChat.
/// </summary>
public sealed class SendOutcomeTests
{
    private static readonly Dictionary<string, string?> ShortAttempts = new() { ["WeChat:Resilience:AttemptTimeoutSeconds"] = "1" };

    [Fact]
    public async Task A_send_whose_answer_comes_too_late_was_sent_and_may_have_been_delivered_and_it_was()
    {
        await using var host = await SimulatorHost.StartAsync(ShortAttempts);
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 2);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, delayMs: 5000);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(WeChatApiNames.SubscribeSend, error.Api);
        Assert.True(error.RequestSent);
        Assert.Null(error.StatusCode);
        Assert.True(error.MayHaveBeenProcessed);
        Assert.Single(await host.Dev.MessagesAsync("o-user"));
    }

    [Fact]
    public async Task A_send_whose_connection_is_closed_without_an_answer_may_have_been_delivered_and_it_was()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 2);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, drop: true);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(WeChatApiNames.SubscribeSend, error.Api);
        Assert.True(error.MayHaveBeenProcessed);
        Assert.Single(await host.Dev.MessagesAsync("o-user"));
        Assert.Equal(1, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));
    }

    [Fact]
    public async Task A_send_answered_503_reached_a_server_that_says_it_did_not_handle_it()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 1);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, httpStatus: 503);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.True(error.RequestSent);
        Assert.Equal(503, error.StatusCode);
        Assert.False(error.MayHaveBeenProcessed);
        Assert.Empty(await host.Dev.MessagesAsync("o-user"));
    }

    [Fact]
    public async Task A_send_answered_502_may_have_been_handled_behind_the_gateway()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 1);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, httpStatus: 502);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(502, error.StatusCode);
        Assert.True(error.MayHaveBeenProcessed);
    }

    [Fact]
    public async Task A_send_on_a_connection_that_never_opened_was_not_sent()
    {
        // A real socket to a loopback port nobody listens on: the connection is refused before anything is written.
        var closedPort = ClosedPort();
        await using var host = await SimulatorHost.StartAsync(
            new Dictionary<string, string?> { ["WeChat:BaseAddress"] = $"http://127.0.0.1:{closedPort}/wechat-sim" },
            services => services.AddHttpClient(WeChatClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()));
        // The token is already cached, so the subscribe send itself is the call that cannot connect.
        await host.App.Services.GetRequiredService<IWeChatAccessTokenCache>()
            .SetAsync(SimulatorHost.AppId, new WeChatAccessToken("cached-token", host.Clock.GetUtcNow().AddHours(1)), CancellationToken.None);

        var error = await Assert.ThrowsAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user")));

        Assert.Equal(WeChatApiNames.SubscribeSend, error.Api);
        Assert.False(error.RequestSent);
        Assert.False(error.MayHaveBeenProcessed);
    }

    [Fact]
    public async Task A_send_held_back_by_the_open_breaker_was_not_sent()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:Resilience:BreakerMinimumThroughput"] = "2",
            ["WeChat:Resilience:BreakerBreakSeconds"] = "30",
        });
        await host.Dev.GrantSubscriptionsAsync("o-user", SimulatorHost.NoticeTemplate, 5);
        await host.Dev.FaultAsync(WeChatApiNames.SubscribeSend, errcode: null, count: 10, httpStatus: 500);
        WeChatCircuitOpenException? open = null;
        var failures = 0;
        while (open is null && failures < 10)
        {
            switch (await Assert.ThrowsAnyAsync<WeChatTransportException>(() => host.Client.SendSubscribeMessageAsync(SimulatorHost.Notice("o-user"))))
            {
                case WeChatCircuitOpenException e: open = e; break;
                case var e: Assert.True(e.MayHaveBeenProcessed); failures++; break;
            }
        }

        Assert.NotNull(open);
        Assert.False(open.RequestSent);
        Assert.False(open.MayHaveBeenProcessed);
        Assert.Equal(failures, await host.Dev.CallsAsync(WeChatApiNames.SubscribeSend));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
