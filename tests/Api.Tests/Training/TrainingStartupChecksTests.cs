using Changai.Hosting;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>The check-in signing key is a secret like the others: required everywhere, never the demo value in Production.</summary>
public sealed class TrainingStartupChecksTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Changai.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IReadOnlyList<string> Problems(string environment, string? key) => ProductionChecks.Find(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Training:CheckInSigningKey"] = key }).Build(),
        new Environment(environment));

    [Fact]
    public void A_missing_or_short_check_in_key_is_named_in_any_environment()
    {
        Assert.Contains(Problems("Development", null), p => p.StartsWith("Training:CheckInSigningKey 缺失或无效", StringComparison.Ordinal));
        Assert.Contains(Problems("Development", Convert.ToBase64String(new byte[16])), p => p.StartsWith("Training:CheckInSigningKey", StringComparison.Ordinal));
        Assert.DoesNotContain(Problems("Development", DemoSecrets.CheckInSigningKey), p => p.StartsWith("Training:", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_the_demo_check_in_key()
    {
        Assert.Contains(Problems("Production", DemoSecrets.CheckInSigningKey), p => p == "Training:CheckInSigningKey 使用了演示密钥，生产环境必须更换");
        Assert.DoesNotContain(Problems("Production", Convert.ToBase64String(new byte[32])), p => p.StartsWith("Training:", StringComparison.Ordinal));
    }
}
