using System.Net.Http.Json;
using System.Text.Json;

namespace Changai.WeChat.Tests.Infrastructure;

/// <summary>Drives the simulator's /dev endpoints the way our API tests will.</summary>
public sealed class SimulatorControl(HttpClient http)
{
    public async Task<(string Code, string OpenId)> LoginCodeAsync(string? openId = null)
    {
        var body = await PostAsync("login-code", openId is null ? new { } : new { openid = openId });
        return (body.GetProperty("code").GetString()!, body.GetProperty("openid").GetString()!);
    }

    public async Task<string> PhoneCodeAsync(string phoneNumber, string? countryCode = null, string? openId = null) =>
        (await PostAsync("phone-code", new { phoneNumber, countryCode, openid = openId })).GetProperty("code").GetString()!;

    public Task GrantSubscriptionsAsync(string openId, string templateId, int count) =>
        PostAsync("subscriptions", new { openid = openId, templateId, count });

    public async Task<JsonElement[]> MessagesAsync(string? openId = null)
    {
        var url = openId is null ? "wechat-sim/dev/messages" : $"wechat-sim/dev/messages?openid={Uri.EscapeDataString(openId)}";
        return await http.GetFromJsonAsync<JsonElement[]>(url) ?? [];
    }

    public Task FaultAsync(string api, int? errcode, int count = 1, int? httpStatus = null, int? delayMs = null, bool drop = false) =>
        PostAsync("faults", new { api, errcode, count, httpStatus, delayMs, drop });

    public Task ExpireTokensAsync() => PostAsync("expire-tokens", new { });

    public Task SetMsgSecVerdictAsync(string content, string suggest, int label) =>
        PostAsync("msg-sec-verdicts", new { content, suggest, label });

    public Task SetRiskRankAsync(string openId, int riskRank) =>
        PostAsync("risk-ranks", new { openid = openId, riskRank });

    public async Task<int> CallsAsync(string api) =>
        (await http.GetFromJsonAsync<JsonElement>("wechat-sim/dev/stats")).GetProperty("calls").GetProperty(api).GetInt32();

    public async Task<int> ForceRefreshesAsync() =>
        (await http.GetFromJsonAsync<JsonElement>("wechat-sim/dev/stats")).GetProperty("forceRefreshes").GetInt32();

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync($"wechat-sim/dev/{path}", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
