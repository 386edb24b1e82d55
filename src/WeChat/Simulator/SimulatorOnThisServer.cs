using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.WeChat.Simulator;

/// <summary>
/// Points the WeChat client at the simulator mounted in this very app, on whatever address the server actually listens
/// on (<c>--urls http://127.0.0.1:5321</c>, a port chosen by Kestrel, <c>http://+:8080</c> …), unless
/// <c>WeChat:BaseAddress</c> is set, which always wins. The address is looked up per request from
/// <see cref="IServerAddressesFeature"/>, because it is known only once the server has started, after options and
/// HTTP clients have been configured.
/// </summary>
public static class SimulatorOnThisServer
{
    /// <summary>The client's base address until a request is rewritten; <c>.invalid</c> never resolves, so a request
    /// that somehow escaped the rewrite cannot reach anyone.</summary>
    internal const string PlaceholderHost = "this-server.invalid";

    public static IServiceCollection CallWeChatSimulatorOnThisServer(this IServiceCollection services, IConfiguration configuration, string prefix = "/wechat-sim")
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{WeChatOptions.SectionName}:{nameof(WeChatOptions.BaseAddress)}"]))
        {
            return services;
        }

        services.AddHttpClient(WeChatClient.HttpClientName)
            .ConfigureHttpClient(http => http.BaseAddress = new Uri($"http://{PlaceholderHost}/{prefix.Trim('/')}/"))
            .AddHttpMessageHandler(sp => new ThisServerHandler(sp.GetRequiredService<IServer>()));
        return services;
    }

    /// <summary>The first http address the server listens on (https only if there is none), with a wildcard host
    /// (0.0.0.0, [::], +, *) replaced by loopback.</summary>
    internal static Uri? ListeningAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            return null;
        }

        // "+" and "*" are not valid URI hosts; Kestrel reports them as [::] once bound, but a configured list may not.
        var normalized = chosen.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? (ip.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]")
            : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri;
    }

    private sealed class ThisServerHandler(IServer server) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.Host == PlaceholderHost)
            {
                var self = ListeningAddress(server)
                    ?? throw new HttpRequestException("The server is not listening yet, so the embedded WeChat simulator cannot be reached.");
                request.RequestUri = new UriBuilder(uri) { Scheme = self.Scheme, Host = self.Host, Port = self.Port }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
