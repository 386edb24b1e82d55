using Changai.WeChat.Simulator;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// The WeChat simulator as its own process, standing where WeChat's servers stand in production: both API processes and
/// both Jobs processes call it over HTTP, so logins, access tokens and every subscribe message land in one place whichever
/// process sent them, and killing an API process does not take "WeChat" down with it. Configured from the API's own
/// settings files (app id, secret, templates, pages), as the embedded default is.
/// </summary>
public static class SimulatorHost
{
    public static async Task<int> RunAsync(Args options)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var apiDir = options.Get("api-dir");
        builder.Configuration.AddJsonFile(Path.Combine(apiDir, "appsettings.json"), optional: false)
            .AddJsonFile(Path.Combine(apiDir, "appsettings.Development.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = options.Get("url"), // after the API's files, which name the API's own address
                ["WeChat:Simulator:Enabled"] = "true",
                ["WeChat:Simulator:MessagesKept"] = options.Get("messages-kept", "300000"),
            });
        builder.Services.AddWeChatSimulator();
        await using var app = builder.Build();
        app.MapWeChatSimulator("/wechat-sim");
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
        return 0;
    }
}
