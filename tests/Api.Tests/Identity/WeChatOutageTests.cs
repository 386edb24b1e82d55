using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Identity;

/// <summary>WeChat failing over and over: the breaker opens, logins get 503 ProblemDetails at once, WeChat is left alone.</summary>
public sealed class WeChatOutageTests
{
    [Fact]
    public async Task Once_the_breaker_opens_logins_answer_503_without_calling_WeChat()
    {
        await using var api = ApiFactory.With(new Dictionary<string, string?>
        {
            ["WeChat:Resilience:BreakerMinimumThroughput"] = "3",
            ["WeChat:Resilience:BreakerBreakSeconds"] = "60",
        });
        var http = api.CreateClient();
        (await http.PostAsJsonAsync("/wechat-sim/dev/faults", new { api = "code2session", count = 100, httpStatus = 500 })).EnsureSuccessStatusCode();

        for (var i = 0; i < 4; i++)
        {
            var code = await (await http.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync(HttpStatusCode.OK);
            var login = await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! });
            await login.ProblemAsync(HttpStatusCode.ServiceUnavailable, "wechat.unavailable");
        }

        // Three failures opened it; the fourth login never reached WeChat.
        var stats = await http.GetFromJsonAsync<JsonObject>("/wechat-sim/dev/stats");
        Assert.Equal(3, (int)stats!["calls"]!["code2session"]!);
    }
}
