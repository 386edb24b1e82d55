using System.Net;
using Changai.WeChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Changai.WeChat.Tests.Simulator;

public sealed class SimulatorRegistrationTests
{
    [Fact]
    public async Task Every_simulator_endpoint_allows_anonymous_access_and_is_left_out_of_openapi()
    {
        await using var host = await SimulatorHost.StartAsync();

        var endpoints = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/wechat-sim", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(17, endpoints.Count);
        Assert.All(endpoints, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.True(e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription);
        });
    }

    [Theory]
    [InlineData("wechat-sim/cgi-bin/stable_token")]
    [InlineData("wechat-sim/dev/stats")]
    public async Task Disabled_simulator_answers_404(string path)
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["WeChat:Simulator:Enabled"] = "false" });

        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_keyword_type_in_a_configured_template_stops_startup()
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { ["WeChat:Simulator:Templates:tmpl-bad:0"] = "colour1" });

        Assert.Contains(failures, f => f.Contains("'colour1' is not a known keyword type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_app_secret_stops_startup()
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { ["WeChat:AppSecret"] = "" });

        Assert.Contains("WeChat:AppSecret is required.", failures);
    }

    [Fact]
    public async Task Relative_base_address_stops_startup()
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { ["WeChat:BaseAddress"] = "/wechat-sim" });

        Assert.Contains("WeChat:BaseAddress must be an absolute http(s) URI.", failures);
    }

    [Fact]
    public async Task Registered_token_cache_replaces_the_in_memory_default()
    {
        var shared = new CountingTokenCache();
        await using var host = await SimulatorHost.StartAsync(configureServices: s => s.AddSingleton<IWeChatAccessTokenCache>(shared));

        await host.Client.GetUserPhoneNumberAsync(await host.Dev.PhoneCodeAsync("13800138000"));

        Assert.Equal(1, shared.Sets);
    }

    /// <summary>Starts a host that is expected to fail options validation; returns every failure message.</summary>
    private static async Task<IReadOnlyList<string>> StartupFailuresAsync(Dictionary<string, string?> settings)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorHost.StartAsync(settings));
        var validation = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        return validation.Select(e => Assert.IsType<OptionsValidationException>(e)).SelectMany(e => e.Failures).ToList();
    }

    private sealed class CountingTokenCache : IWeChatAccessTokenCache
    {
        private readonly InMemoryWeChatAccessTokenCache _inner = new();

        public int Sets { get; private set; }

        public ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken ct) => _inner.GetAsync(appId, ct);

        public ValueTask SetAsync(string appId, WeChatAccessToken token, CancellationToken ct)
        {
            Sets++;
            return _inner.SetAsync(appId, token, ct);
        }

        public ValueTask RemoveAsync(string appId, string tokenValue, CancellationToken ct) => _inner.RemoveAsync(appId, tokenValue, ct);
    }
}
