using Changai.WeChat.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.WeChat.Tests.Infrastructure;

/// <summary>A minimal in-memory app with the simulator mounted, and the production <see cref="WeChatClient"/>
/// (registered by AddWeChatClient) whose primary handler is routed into the same test server.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "test-app-secret";
    public const string AllTypesTemplate = "tmpl-all-types";
    public const string NoticeTemplate = "tmpl-notice";
    public const string PublishedPage = "pages/activity/detail";
    public const string UnpublishedPage = "pages/draft/index";

    private SimulatorHost(WebApplication app, ManualTimeProvider clock)
    {
        App = app;
        Clock = clock;
        Http = app.GetTestClient();
        Dev = new SimulatorControl(Http);
    }

    public WebApplication App { get; }

    public ManualTimeProvider Clock { get; }

    /// <summary>Raw HTTP into the app, for the simulator's own protocol and the /dev endpoints.</summary>
    public HttpClient Http { get; }

    public SimulatorControl Dev { get; }

    public WeChatClient Client => App.Services.GetRequiredService<WeChatClient>();

    public static async Task<SimulatorHost> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var clock = new ManualTimeProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = AppId,
            ["WeChat:AppSecret"] = AppSecret,
            ["WeChat:BaseAddress"] = "http://localhost/wechat-sim",
            ["WeChat:Simulator:Enabled"] = "true",
            [$"WeChat:Simulator:Templates:{NoticeTemplate}:0"] = "thing1",
            [$"WeChat:Simulator:Templates:{NoticeTemplate}:1"] = "time2",
            [$"WeChat:Simulator:Templates:{NoticeTemplate}:2"] = "phrase3",
            [$"WeChat:Simulator:Templates:{AllTypesTemplate}:0"] = "character_string1",
            [$"WeChat:Simulator:Templates:{AllTypesTemplate}:1"] = "amount2",
            [$"WeChat:Simulator:Templates:{AllTypesTemplate}:2"] = "date3",
            [$"WeChat:Simulator:Templates:{AllTypesTemplate}:3"] = "name4",
            [$"WeChat:Simulator:Templates:{AllTypesTemplate}:4"] = "phone_number5",
            ["WeChat:Simulator:Pages:0"] = PublishedPage,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddWeChatSimulator();
        builder.Services.AddWeChatClient()
            .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
        builder.Services.AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapWeChatSimulator();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SimulatorHost(app, clock);
    }

    /// <summary>A valid message of <see cref="NoticeTemplate"/> for <paramref name="openId"/>.</summary>
    public static SubscribeMessage Notice(string openId) =>
        new(openId, NoticeTemplate, new Dictionary<string, string>
        {
            ["thing1"] = "工会春季职工运动会",
            ["time2"] = "2025年3月8日 09:30",
            ["phrase3"] = "报名成功",
        });

    /// <summary>A user who has just logged in through code2Session, i.e. "visited" the mini-program.</summary>
    public async Task<string> LoggedInUserAsync()
    {
        var (code, _) = await Dev.LoginCodeAsync();
        return (await Client.Code2SessionAsync(code)).OpenId;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
