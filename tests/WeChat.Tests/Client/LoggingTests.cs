using Changai.WeChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changai.WeChat.Tests.Client;

public sealed class LoggingTests
{
    [Fact]
    public async Task Client_logs_name_the_api_and_errcode_but_never_secrets_codes_tokens_or_phone_numbers()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await SimulatorHost.StartAsync(
            configureServices: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var (loginCode, _) = await host.Dev.LoginCodeAsync();
        var session = await host.Client.Code2SessionAsync(loginCode);
        await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.Code2SessionAsync(loginCode));
        var phoneCode = await host.Dev.PhoneCodeAsync("13912345678");
        await host.Client.GetUserPhoneNumberAsync(phoneCode);
        await host.Dev.ExpireTokensAsync();
        await Assert.ThrowsAsync<WeChatApiException>(() => host.Client.GetUserPhoneNumberAsync(phoneCode));
        var token = await host.App.Services.GetRequiredService<WeChatAccessTokenProvider>().GetTokenAsync();

        var clientLogs = logs.Entries
            .Where(e => e.Category.StartsWith("Changai.", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal))
            .Select(e => e.Text)
            .ToList();

        Assert.Contains(clientLogs, l => l.Contains(WeChatApiNames.Code2Session, StringComparison.Ordinal) && l.Contains("40163", StringComparison.Ordinal));
        Assert.All(clientLogs, line =>
        {
            Assert.DoesNotContain(SimulatorHost.AppSecret, line);
            Assert.DoesNotContain(loginCode, line);
            Assert.DoesNotContain(session.SessionKey, line);
            Assert.DoesNotContain(phoneCode, line);
            Assert.DoesNotContain("13912345678", line);
            Assert.DoesNotContain(token, line);
        });
    }
}
