using Changai.WeChat.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Changai.WeChat.Tests.Simulator;

/// <summary>Which of the server's addresses the client uses to reach the simulator mounted in the same app.</summary>
public sealed class SimulatorOnThisServerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5321", "http://127.0.0.1:5321/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    public void A_wildcard_address_is_reached_on_loopback(string listening, string expected) =>
        Assert.Equal(new Uri(expected), SimulatorOnThisServer.ListeningAddress(new FakeServer(listening)));

    [Fact]
    public void Http_is_preferred_over_https() =>
        Assert.Equal(new Uri("http://localhost:5080/"), SimulatorOnThisServer.ListeningAddress(new FakeServer("https://localhost:5443", "http://localhost:5080")));

    [Fact]
    public void Https_is_used_when_it_is_all_there_is() =>
        Assert.Equal(new Uri("https://localhost:5443/"), SimulatorOnThisServer.ListeningAddress(new FakeServer("https://localhost:5443")));

    [Fact]
    public void Before_the_server_listens_there_is_no_address() =>
        Assert.Null(SimulatorOnThisServer.ListeningAddress(new FakeServer()));

    private sealed class FakeServer : IServer
    {
        public FakeServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ServerAddressesFeature : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = new List<string>();

        public bool PreferHostingUrls { get; set; }
    }
}
