using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Changai.WeChat.Simulator;

/// <summary>A fake WeChat platform: apps, tokens, users, codes, subscriptions and content verdicts, all in memory.
/// One lock guards everything; the simulator serves tests and local development, not load.</summary>
internal sealed partial class WeChatSimulator
{
    private const string UrlSafeChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SimulatedApp> _apps;
    private readonly Dictionary<string, string[]> _templates;
    private readonly HashSet<string> _pages;
    private readonly TimeSpan _tokenLifetime;
    private readonly int _messagesKept;

    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveFault> _faults = new(StringComparer.Ordinal);

    public WeChatSimulator(IOptions<WeChatSimulatorOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        _apps = new Dictionary<string, SimulatedApp>(StringComparer.Ordinal);
        foreach (var app in o.Apps)
        {
            _apps[app.AppId] = app;
        }

        _templates = o.Templates.ToDictionary(t => t.Key, t => t.Value.ToArray(), StringComparer.Ordinal);
        _pages = new HashSet<string>(o.Pages.Select(p => p.TrimStart('/')), StringComparer.Ordinal);
        _tokenLifetime = TimeSpan.FromSeconds(o.TokenLifetimeSeconds);
        _messagesKept = o.MessagesKept;
        foreach (var (content, verdict) in o.MsgSecVerdicts)
        {
            _verdicts[content] = verdict;
        }

        foreach (var (openId, rank) in o.RiskRanks)
        {
            _riskRanks[openId] = rank;
            _knownOpenIds.Add(openId);
        }
    }

    public string DefaultAppId => _apps.Keys.First();

    public bool HasApp(string appId) => _apps.ContainsKey(appId);

    public bool HasTemplate(string templateId) => _templates.ContainsKey(templateId);

    /// <summary>Answers one call to a simulated WeChat API (names from <see cref="WeChatApiNames"/>).</summary>
    public SimReply Handle(string api, SimRequest request)
    {
        lock (_lock)
        {
            _calls[api] = _calls.GetValueOrDefault(api) + 1;
            var fault = TakeFault(api);
            var reply = fault?.Reply ?? Answer(api, request);
            // A slow or lost answer: the call has taken effect (a message is delivered) whether or not the caller hears of it.
            reply = fault?.Drop == true ? new SimDroppedReply(reply) : reply;
            return fault?.Delay is { } delay ? new SimDelayedReply(delay, reply) : reply;
        }
    }

    private SimReply Answer(string api, SimRequest request) =>
            api switch
            {
                WeChatApiNames.Code2Session => Code2Session(request),
                WeChatApiNames.LegacyToken => LegacyToken(request),
                WeChatApiNames.StableToken => PostJson(request, WeChatErrorCodes.InvalidJsonOrMissingParameter, StableToken),
                WeChatApiNames.SubscribeSend => WithToken(request, WeChatErrorCodes.InvalidJsonOrMissingParameter, SubscribeSend),
                WeChatApiNames.GetPhoneNumber => WithToken(request, WeChatErrorCodes.InvalidJsonOrMissingParameter, GetPhoneNumber),
                WeChatApiNames.MsgSecCheck => WithToken(request, WeChatErrorCodes.InvalidJsonOrMissingParameter, MsgSecCheck),
                // §6 documents 40169 for a QR-code body that is not JSON.
                WeChatApiNames.GetWxaCodeUnlimit => WithToken(request, WeChatErrorCodes.SceneTooLong, GetWxaCodeUnlimit),
                WeChatApiNames.GetUserRiskRank => WithToken(request, WeChatErrorCodes.InvalidJsonOrMissingParameter, GetUserRiskRank),
                _ => throw new ArgumentOutOfRangeException(nameof(api), api, "Unknown WeChat API."),
            };

    /// <summary>The next <paramref name="count"/> calls to <paramref name="api"/> fail with the errcode or HTTP status
    /// (errcode -1 when neither is given and there is neither a delay nor a drop), answering after <paramref name="delay"/>
    /// if given; a delay alone answers normally, late. With <paramref name="drop"/> the call takes effect and the connection
    /// is then closed without an answer.</summary>
    public void SetFault(string api, int? errCode, int? httpStatus, int count, TimeSpan? delay = null, bool drop = false)
    {
        lock (_lock)
        {
            if (count <= 0)
            {
                _faults.Remove(api);
            }
            else
            {
                _faults[api] = new ActiveFault(errCode, httpStatus, count, delay, drop);
            }
        }
    }

    public SimulatorStats Stats()
    {
        lock (_lock)
        {
            return new SimulatorStats(
                WeChatApiNames.All.ToDictionary(api => api, api => _calls.GetValueOrDefault(api)),
                _tokensIssued,
                _forceRefreshes);
        }
    }

    private (SimReply? Reply, TimeSpan? Delay, bool Drop)? TakeFault(string api)
    {
        if (!_faults.TryGetValue(api, out var fault))
        {
            return null;
        }

        if (fault.Remaining <= 1)
        {
            _faults.Remove(api);
        }
        else
        {
            _faults[api] = fault with { Remaining = fault.Remaining - 1 };
        }

        SimReply? reply = fault.HttpStatus is { } status
            ? new SimHttpStatusReply(status)
            : fault.ErrCode is null && (fault.Delay is not null || fault.Drop)
                ? null
                : SimReply.Error(fault.ErrCode ?? WeChatErrorCodes.SystemBusy, "system error (simulated fault)");
        return (reply, fault.Delay, fault.Drop);
    }

    /// <summary>POST with a JSON object body, as every POST API requires.</summary>
    private static SimReply PostJson(SimRequest request, int notJsonErrCode, Func<JsonObject, SimReply> handle)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return SimReply.Error(WeChatErrorCodes.PostRequired, "require POST method");
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            return SimReply.Error(WeChatErrorCodes.EmptyPostBody, "empty post data");
        }

        return ParseObject(request.Body) is { } body ? handle(body) : SimReply.Error(notJsonErrCode, "data format error");
    }

    /// <summary>A POST business API: valid access token in the query, JSON object body.</summary>
    private SimReply WithToken(SimRequest request, int notJsonErrCode, Func<string, JsonObject, SimRequest, SimReply> handle)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return SimReply.Error(WeChatErrorCodes.PostRequired, "require POST method");
        }

        if (request.QueryValue("access_token") is not { } token)
        {
            return SimReply.Error(WeChatErrorCodes.AccessTokenMissing, "access_token missing");
        }

        var (appId, error) = ValidateToken(token);
        return error ?? PostJson(request, notJsonErrCode, body => handle(appId, body, request));
    }

    private static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonObject body, string name) =>
        body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool? Bool(JsonObject body, string name) => body[name]?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static int? Int(JsonObject body, string name) =>
        body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    private static string RandomId(int length) => RandomNumberGenerator.GetString(UrlSafeChars, length);

    private DateTimeOffset Now => _time.GetUtcNow();

    private sealed record ActiveFault(int? ErrCode, int? HttpStatus, int Remaining, TimeSpan? Delay, bool Drop);
}

internal sealed record SimulatorStats(IReadOnlyDictionary<string, int> Calls, int TokensIssued, int ForceRefreshes);
