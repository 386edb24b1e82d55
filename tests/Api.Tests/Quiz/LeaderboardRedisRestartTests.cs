using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>
/// The individual leaderboard through a Redis restart: answered from SQL while Redis is away, from Redis again within
/// seconds of it being back — also when the first rebuild after the restart fails half-way.
/// </summary>
public sealed class LeaderboardRedisRestartTests
{
    [Fact]
    public async Task A_rebuild_that_fails_as_redis_comes_back_does_not_keep_the_board_on_sql()
    {
        var testRedis = Environment.GetEnvironmentVariable("TEST_REDIS")
            ?? throw new InvalidOperationException("TEST_REDIS is not set: run the suite through tests/run.sh, which starts redis-server");
        await using var link = RedisLink.To(testRedis);
        var prefix = "restart-" + Guid.NewGuid().ToString("N");
        await using var api = ApiFactory.With(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{link.Port}",
            ["Redis:KeyPrefix"] = prefix,
        });
        var campaign = await api.PublishedCampaignAsync();
        var worker = await api.KunmingWorkerAsync();
        await api.TakeAsync(worker, campaign, correct: 9);
        Assert.Equal("redis", await SourceAsync(worker, campaign));

        // Redis stops: the board answers from SQL. It restarts empty (we run it without persistence).
        link.Down();
        Assert.Equal("sql", await SourceAsync(worker, campaign));
        await using (var direct = await ConnectionMultiplexer.ConnectAsync(testRedis))
        {
            await direct.GetDatabase().KeyDeleteAsync($"{prefix}:quiz:lb:{campaign:N}");
        }

        // Back: the first rebuild's lock reaches Redis, but the connection drops before its reply comes back (as while
        // the client re-establishes its connections), so that rebuild fails.
        link.DropAfter(command => command.Contains(":rebuild", StringComparison.Ordinal) && command.Contains("\r\nNX\r\n", StringComparison.Ordinal));
        link.Up();
        var sinceBack = Stopwatch.StartNew();
        var source = await SourceAsync(worker, campaign);
        while (source != "redis" && sinceBack.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(250);
            source = await SourceAsync(worker, campaign);
        }

        Assert.True(link.Dropped, "the rebuild lock was never requested through the link");
        Assert.True(source == "redis", $"still answered from {source} {sinceBack.Elapsed.TotalSeconds:F1} s after Redis was back");
        var board = await (await worker.Http.GetAsync($"/api/quiz/campaigns/{campaign}/leaderboard?top=10")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)board["me"]!["rank"]!);
        Assert.Equal(90, (int)board["me"]!["score"]!);
    }

    private static async Task<string> SourceAsync(WorkerSession worker, Guid campaign)
    {
        var board = await (await worker.Http.GetAsync($"/api/quiz/campaigns/{campaign}/leaderboard?top=10")).ReadJsonAsync(HttpStatusCode.OK);
        return (string)board["source"]!;
    }

    /// <summary>
    /// A TCP relay between the API and the test Redis that the test can take down (open connections dropped, new ones
    /// refused) and bring back, and that can drop every connection right after forwarding one chosen command.
    /// </summary>
    private sealed class RedisLink : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly EndPoint target;
        private readonly ConcurrentDictionary<Socket, byte> open = new();
        private readonly CancellationTokenSource stop = new();
        private volatile bool up = true;
        private volatile Func<string, bool>? dropAfter;
        private volatile bool muted; // Redis's replies are not passed on

        private RedisLink(EndPoint target)
        {
            this.target = target;
            listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public bool Dropped { get; private set; }

        public static RedisLink To(string redisConfiguration) => new(ConfigurationOptions.Parse(redisConfiguration).EndPoints.Single());

        public void Down()
        {
            up = false;
            DropAll();
        }

        public void Up() => up = true;

        /// <summary>The first command the API sends that matches is forwarded to Redis, then every connection is dropped.</summary>
        public void DropAfter(Func<string, bool> command) => dropAfter = command;

        private void DropAll()
        {
            foreach (var socket in open.Keys)
            {
                open.TryRemove(socket, out _);
                socket.Dispose();
            }
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                if (!up)
                {
                    client.Dispose();
                    continue;
                }

                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await server.ConnectAsync(target, stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                open[client] = 0;
                open[server] = 0;
                _ = PumpAsync(client, server, fromApi: true);
                _ = PumpAsync(server, client, fromApi: false);
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool fromApi)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    var drop = fromApi && dropAfter is { } matches && matches(Encoding.UTF8.GetString(buffer, 0, read));
                    if (drop)
                    {
                        dropAfter = null;
                        muted = true;
                    }

                    if (fromApi || !muted)
                    {
                        await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
                    }

                    if (drop)
                    {
                        Dropped = true;
                        await Task.Delay(200); // Redis applies the command; its reply goes nowhere
                        DropAll();
                        muted = false;
                        break;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            finally
            {
                from.Dispose();
                to.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            stop.Cancel();
            listener.Stop();
            DropAll();
            stop.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
