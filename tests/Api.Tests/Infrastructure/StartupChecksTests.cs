using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

/// <summary>Production refuses to start with the simulator, demo data or demo secrets, and names the setting at fault.</summary>
public sealed class StartupChecksTests
{
    private sealed class ProductionFactory(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    [Fact]
    public void Production_with_the_development_settings_refuses_to_start_and_says_why()
    {
        // The development defaults: simulator on, demo data on, demo keys.
        using var factory = new ProductionFactory(new()
        {
            ["WeChat:Simulator:Enabled"] = "true",
            ["DemoData:Enabled"] = "true",
            ["Auth:SigningKey"] = Changai.Hosting.DemoSecrets.SigningKey,
            ["PersonalData:ActiveKeyId"] = "demo1",
            ["PersonalData:Keys:demo1"] = Changai.Hosting.DemoSecrets.EncryptionKey,
            ["PersonalData:LookupHashKey"] = Changai.Hosting.DemoSecrets.LookupHashKey,
            ["Database:Provider"] = "Sqlite",
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Flatten(error);
        Assert.Contains("WeChat:Simulator:Enabled", message);
        Assert.Contains("DemoData:Enabled", message);
        Assert.Contains("Auth:SigningKey 使用了演示密钥", message);
        Assert.Contains("PersonalData 使用了演示密钥", message);
        Assert.Contains("Database:Provider", message);
    }

    [Fact]
    public void Production_without_keys_names_each_missing_key()
    {
        using var factory = new ProductionFactory(new() { ["Database:Provider"] = "Postgres" });
        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Auth:SigningKey 缺失", message);
        Assert.Contains("PersonalData:ActiveKeyId", message);
        Assert.Contains("PersonalData:LookupHashKey", message);
        Assert.Contains("WeChat:AppSecret", message);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + "\n" + Flatten(e.InnerException);
}
