using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Changai.WeChat.Tests.Infrastructure;

/// <summary>The production client registration with its primary handler replaced by a <see cref="StubHandler"/>.</summary>
public sealed class StubbedClient : IDisposable
{
    private readonly ServiceProvider _services;

    public StubbedClient(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond, int timeoutSeconds = 10)
    {
        Handler = new StubHandler(respond);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = SimulatorHost.AppId,
            ["WeChat:AppSecret"] = SimulatorHost.AppSecret,
            ["WeChat:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddWeChatClient().ConfigurePrimaryHttpMessageHandler(() => Handler);
        _services = services.BuildServiceProvider();
    }

    public StubHandler Handler { get; }

    public WeChatClient Client => _services.GetRequiredService<WeChatClient>();

    public void Dispose() => _services.Dispose();
}
