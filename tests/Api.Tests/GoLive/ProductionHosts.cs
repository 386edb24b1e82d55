using System.Security.Cryptography;
using Changai.WeChat.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Changai.Api.Tests.GoLive;

/// <summary>
/// The settings of a real deployment, as the runbook in docs/operations.md sets them: Production, PostgreSQL (a fresh,
/// empty database), Redis, no demo data, no simulator, freshly generated secrets, and WeChat at a base address of its own.
/// </summary>
public sealed class ProductionSettings : IAsyncDisposable
{
    private readonly string databaseName = "changai_golive_" + Guid.NewGuid().ToString("N");

    private ProductionSettings(WeChatApp wechat, string wechatBaseAddress)
    {
        Values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStart"] = "true",
            ["ConnectionStrings:Default"] = Infrastructure.ApiFactory.PostgresConnectionString(databaseName),
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("TEST_REDIS") ?? "",
            ["Redis:KeyPrefix"] = "golive-" + Guid.NewGuid().ToString("N"),
            ["Auth:SigningKey"] = Secret(32),
            ["PersonalData:ActiveKeyId"] = "k2026",
            ["PersonalData:Keys:k2026"] = Secret(32),
            ["PersonalData:LookupHashKey"] = Secret(32),
            ["Training:CheckInSigningKey"] = Secret(32),
            ["WeChat:AppId"] = wechat.AppId,
            ["WeChat:AppSecret"] = wechat.Secret,
            ["WeChat:BaseAddress"] = wechatBaseAddress,
            ["WeChat:Simulator:Enabled"] = "false",
            ["DemoData:Enabled"] = "false",
            ["Jobs:InProcess"] = "false",
            ["Jobs:Store"] = "Postgres",
        };
    }

    /// <summary>Each setting by its configuration key (the runbook's environment variables, with <c>__</c> for <c>:</c>).</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    /// <summary>The same settings as command-line arguments (<c>--Key=value</c>), the way the admin command reads them.</summary>
    public IEnumerable<string> AsArguments() => Values.Select(v => $"--{v.Key}={v.Value}");

    /// <summary><c>openssl rand -base64 n</c>.</summary>
    private static string Secret(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static async Task<ProductionSettings> CreateAsync(WeChatApp wechat, string wechatBaseAddress)
    {
        var settings = new ProductionSettings(wechat, wechatBaseAddress);
        await using var connection = new NpgsqlConnection(Infrastructure.ApiFactory.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{settings.databaseName}\"", connection);
        await command.ExecuteNonQueryAsync();
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Infrastructure.ApiFactory.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The mini-program's credentials, as the WeChat platform issues them (fresh for each run, no demo values).</summary>
public sealed record WeChatApp(string AppId, string Secret)
{
    public static WeChatApp New() =>
        new("wx" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
}

/// <summary>
/// The API as production starts it: <c>ASPNETCORE_ENVIRONMENT=Production</c>, only the given settings on top of
/// appsettings.json (no appsettings.Development.json, no demo anything), and no test hook in the WeChat client — it calls
/// whatever <c>WeChat:BaseAddress</c> names over real HTTP, as it would call api.weixin.qq.com.
/// </summary>
public sealed class ProductionApi(ProductionSettings settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings.Values)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>
/// The WeChat simulator on its own loopback port (Kestrel, port chosen at start), standing where WeChat's servers stand:
/// the API reaches it only through its production WeChat client. The test plays the WeChat app and the user through the
/// simulator's <c>/wechat-sim/dev</c> endpoints (a login code, a phone-number code).
/// </summary>
public sealed class WeChatServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WeChatServer(WebApplication app, Uri address)
    {
        this.app = app;
        Dev = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The base address the API's <c>WeChat:BaseAddress</c> names.</summary>
    public string BaseAddress => new Uri(Dev.BaseAddress!, "/wechat-sim").ToString();

    public HttpClient Dev { get; }

    public static async Task<WeChatServer> StartAsync(WeChatApp app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:Simulator:Enabled"] = "true", ["WeChat:AppId"] = app.AppId, ["WeChat:AppSecret"] = app.Secret,
        });
        builder.Services.AddWeChatSimulator();
        var web = builder.Build();
        web.MapWeChatSimulator("/wechat-sim");
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WeChatServer(web, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Dev.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
