using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Changai.WeChat.Simulator;

/// <summary>"/dev" endpoints: what the WeChat client app and the user would do (log in, share a phone number,
/// accept subscriptions), plus inspection and fault injection for tests.</summary>
internal static class SimulatorDevEndpoints
{
    // Our own options so that the host's JSON settings cannot change this test contract.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] Suggestions = ["pass", "review", "risky"];

    public static void Map(RouteGroupBuilder dev)
    {
        dev.MapPost("/login-code", IssueLoginCode);
        dev.MapPost("/phone-code", IssuePhoneCode);
        dev.MapPost("/subscriptions", GrantSubscriptions);
        dev.MapGet("/messages", GetMessages);
        dev.MapPost("/faults", SetFault);
        dev.MapPost("/expire-tokens", ExpireTokens);
        dev.MapGet("/stats", GetStats);
        dev.MapPost("/msg-sec-verdicts", SetMsgSecVerdict);
        dev.MapPost("/risk-ranks", SetRiskRank);
    }

    private static Results<JsonHttpResult<LoginCodeResponse>, ValidationProblem> IssueLoginCode(LoginCodeRequest? request, WeChatSimulator simulator)
    {
        var appId = request?.AppId ?? simulator.DefaultAppId;
        if (!simulator.HasApp(appId))
        {
            return Invalid("appId", "Unknown app.");
        }

        if (request?.OpenId is { } openId && string.IsNullOrWhiteSpace(openId))
        {
            return Invalid("openid", "Leave openid out for a new user, or give a non-empty one.");
        }

        var (code, issuedFor) = simulator.IssueLoginCode(request?.OpenId, appId);
        return TypedResults.Json(new LoginCodeResponse(code, issuedFor), Json);
    }

    private static Results<JsonHttpResult<PhoneCodeResponse>, ValidationProblem> IssuePhoneCode(PhoneCodeRequest request, WeChatSimulator simulator)
    {
        var appId = request.AppId ?? simulator.DefaultAppId;
        var countryCode = request.CountryCode ?? "86";
        if (string.IsNullOrEmpty(request.PhoneNumber) || !request.PhoneNumber.All(char.IsAsciiDigit) || request.PhoneNumber.Length > 20)
        {
            return Invalid("phoneNumber", "Give the number as digits without country code, e.g. 13800138000.");
        }

        if (countryCode.Length is 0 or > 4 || !countryCode.All(char.IsAsciiDigit))
        {
            return Invalid("countryCode", "Give the country code as digits, e.g. 86.");
        }

        if (!simulator.HasApp(appId))
        {
            return Invalid("appId", "Unknown app.");
        }

        return TypedResults.Json(new PhoneCodeResponse(simulator.IssuePhoneCode(request.PhoneNumber, countryCode, request.OpenId, appId)), Json);
    }

    private static Results<JsonHttpResult<SubscriptionsResponse>, ValidationProblem> GrantSubscriptions(SubscriptionsRequest request, WeChatSimulator simulator)
    {
        if (string.IsNullOrWhiteSpace(request.OpenId))
        {
            return Invalid("openid", "Required.");
        }

        if (request.TemplateId is null || !simulator.HasTemplate(request.TemplateId))
        {
            return Invalid("templateId", "Unknown template; add it under WeChat:Simulator:Templates.");
        }

        if (request.Count is < 1 or > 1000)
        {
            return Invalid("count", "Between 1 and 1000.");
        }

        var remaining = simulator.GrantSubscriptions(request.OpenId, request.TemplateId, request.Count);
        return TypedResults.Json(new SubscriptionsResponse(request.OpenId, request.TemplateId, remaining), Json);
    }

    private static JsonHttpResult<IEnumerable<MessageResponse>> GetMessages(string? openid, WeChatSimulator simulator) =>
        TypedResults.Json(
            simulator.Messages(openid).Select(m => new MessageResponse(m.OpenId, m.TemplateId, m.Page, m.Data, m.MiniProgramState, m.Lang, m.ReceivedAt)),
            Json);

    private static Results<JsonHttpResult<FaultRequest>, ValidationProblem> SetFault(FaultRequest request, WeChatSimulator simulator)
    {
        if (request.Api is null || !WeChatApiNames.All.Contains(request.Api))
        {
            return Invalid("api", $"One of: {string.Join(", ", WeChatApiNames.All)}.");
        }

        if (request.HttpStatus is { } status && status is < 400 or > 599)
        {
            return Invalid("httpStatus", "Between 400 and 599.");
        }

        if (request.Count < 0)
        {
            return Invalid("count", "0 clears the fault.");
        }

        if (request.DelayMs is { } delay && delay is < 0 or > 120_000)
        {
            return Invalid("delayMs", "Between 0 and 120000.");
        }

        simulator.SetFault(request.Api, request.ErrCode, request.HttpStatus, request.Count,
            request.DelayMs is > 0 ? TimeSpan.FromMilliseconds(request.DelayMs.Value) : null, request.Drop);
        return TypedResults.Json(request, Json);
    }

    private static JsonHttpResult<ExpireTokensResponse> ExpireTokens(WeChatSimulator simulator) =>
        TypedResults.Json(new ExpireTokensResponse(simulator.ExpireTokens()), Json);

    private static JsonHttpResult<SimulatorStats> GetStats(WeChatSimulator simulator) => TypedResults.Json(simulator.Stats(), Json);

    private static Results<JsonHttpResult<MsgSecVerdictRequest>, ValidationProblem> SetMsgSecVerdict(MsgSecVerdictRequest request, WeChatSimulator simulator)
    {
        if (string.IsNullOrEmpty(request.Content))
        {
            return Invalid("content", "Required.");
        }

        if (request.Suggest is null || !Suggestions.Contains(request.Suggest))
        {
            return Invalid("suggest", "pass, review or risky.");
        }

        simulator.SetVerdict(request.Content, request.Suggest, request.Label);
        return TypedResults.Json(request, Json);
    }

    private static Results<JsonHttpResult<RiskRankRequest>, ValidationProblem> SetRiskRank(RiskRankRequest request, WeChatSimulator simulator)
    {
        if (string.IsNullOrWhiteSpace(request.OpenId))
        {
            return Invalid("openid", "Required.");
        }

        if (request.RiskRank is < 0 or > UserRiskRank.Highest)
        {
            return Invalid("riskRank", "From 0 to 4.");
        }

        simulator.SetRiskRank(request.OpenId, request.RiskRank);
        return TypedResults.Json(request, Json);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    internal sealed record LoginCodeRequest([property: JsonPropertyName("openid")] string? OpenId, string? AppId);

    internal sealed record LoginCodeResponse(string Code, [property: JsonPropertyName("openid")] string OpenId);

    internal sealed record PhoneCodeRequest(
        string? PhoneNumber, string? CountryCode, [property: JsonPropertyName("openid")] string? OpenId, string? AppId);

    internal sealed record PhoneCodeResponse(string Code);

    internal sealed record SubscriptionsRequest([property: JsonPropertyName("openid")] string? OpenId, string? TemplateId, int Count);

    internal sealed record SubscriptionsResponse([property: JsonPropertyName("openid")] string OpenId, string TemplateId, int Remaining);

    internal sealed record MessageResponse(
        [property: JsonPropertyName("openid")] string OpenId,
        string TemplateId,
        string? Page,
        IReadOnlyDictionary<string, string> Data,
        string MiniProgramState,
        string Lang,
        DateTimeOffset ReceivedAt);

    internal sealed record FaultRequest(string? Api, [property: JsonPropertyName("errcode")] int? ErrCode, int? HttpStatus, int Count = 1, int? DelayMs = null, bool Drop = false);

    internal sealed record ExpireTokensResponse(int Expired);

    internal sealed record MsgSecVerdictRequest(string? Content, string? Suggest, int Label = 100);

    internal sealed record RiskRankRequest([property: JsonPropertyName("openid")] string? OpenId, int RiskRank);
}
