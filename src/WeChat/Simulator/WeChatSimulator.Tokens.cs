using System.Text.Json.Nodes;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private static readonly TimeSpan RotationWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ForceRefreshSpacing = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);
    private const int ForceRefreshesPerDay = 20;

    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppTokens> _appTokens = new(StringComparer.Ordinal);
    private int _tokensIssued;
    private int _forceRefreshes;

    /// <summary>Makes every access token issued so far expired (42001), as if two hours had passed.</summary>
    public int ExpireTokens()
    {
        lock (_lock)
        {
            var live = _tokens.Values.Where(t => !t.Revoked && t.ExpiresAt > Now).ToList();
            foreach (var token in live)
            {
                token.ExpiresAt = Now;
            }

            return live.Count;
        }
    }

    /// <summary>stable_token: the same token until 5 minutes before it expires; force_refresh replaces it at once
    /// (20 a day, and a repeat within 30 s returns the current token unchanged).</summary>
    private SimReply StableToken(JsonObject body)
    {
        if (String(body, "grant_type") != "client_credential")
        {
            return SimReply.Error(40002, "invalid grant_type");
        }

        if (Authenticate(String(body, "appid"), String(body, "secret")) is { } error)
        {
            return error;
        }

        var state = AppState(String(body, "appid")!);
        var current = state.Stable is { } value ? _tokens[value] : null;
        if (Bool(body, "force_refresh") == true)
        {
            var withinSpacing = state.ForceRefreshes.Count > 0 && Now - state.ForceRefreshes[^1] < ForceRefreshSpacing;
            if (withinSpacing && current is not null && IsLive(current))
            {
                return TokenReply(current);
            }

            var today = (Now + BeijingOffset).Date;
            if (state.ForceRefreshes.Count(t => (t + BeijingOffset).Date == today) >= ForceRefreshesPerDay)
            {
                return SimReply.Error(WeChatErrorCodes.DailyQuotaReached, "reach max api daily quota limit");
            }

            current?.Revoked = true;
            state.ForceRefreshes.Add(Now);
            _forceRefreshes++;
            current = null;
        }

        if (current is null || !IsLive(current) || current.ExpiresAt - Now <= RotationWindow)
        {
            // The previous token keeps working until its own expiry: the 5-minute overlap.
            current = Issue(String(body, "appid")!);
            state.Stable = current.Value;
        }

        return TokenReply(current);
    }

    /// <summary>Legacy /cgi-bin/token: a new token on every call; the previous one keeps working for 5 minutes.</summary>
    private SimReply LegacyToken(SimRequest request)
    {
        if (request.QueryValue("grant_type") != "client_credential")
        {
            return SimReply.Error(40002, "invalid grant_type");
        }

        var appId = request.QueryValue("appid");
        if (Authenticate(appId, request.QueryValue("secret")) is { } error)
        {
            return error;
        }

        var state = AppState(appId!);
        if (state.Legacy is { } previous && _tokens[previous] is var old && old.ExpiresAt > Now + RotationWindow)
        {
            old.ExpiresAt = Now + RotationWindow;
        }

        var token = Issue(appId!);
        state.Legacy = token.Value;
        return TokenReply(token);
    }

    private SimReply? Authenticate(string? appId, string? secret)
    {
        if (appId is null)
        {
            return SimReply.Error(41002, "appid missing");
        }

        if (secret is null)
        {
            return SimReply.Error(41004, "appsecret missing");
        }

        if (!_apps.TryGetValue(appId, out var app))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidAppId, "invalid appid");
        }

        return app.Secret == secret ? null : SimReply.Error(WeChatErrorCodes.InvalidSecret, "invalid appsecret");
    }

    /// <summary>Unknown or replaced tokens get 40001, expired ones 42001.</summary>
    private (string AppId, SimReply? Error) ValidateToken(string value)
    {
        if (!_tokens.TryGetValue(value, out var token) || token.Revoked)
        {
            return ("", SimReply.Error(WeChatErrorCodes.InvalidAccessToken, "invalid credential, access_token is invalid or not latest"));
        }

        return token.ExpiresAt <= Now
            ? ("", SimReply.Error(WeChatErrorCodes.AccessTokenExpired, "access_token expired"))
            : (token.AppId, null);
    }

    private IssuedToken Issue(string appId)
    {
        // Real tokens are opaque strings of roughly 130-160 characters.
        var token = new IssuedToken(appId, RandomId(136)) { ExpiresAt = Now + _tokenLifetime };
        _tokens[token.Value] = token;
        _tokensIssued++;
        return token;
    }

    private SimReply TokenReply(IssuedToken token) =>
        SimReply.Ok(new { access_token = token.Value, expires_in = (int)Math.Floor((token.ExpiresAt - Now).TotalSeconds) });

    private bool IsLive(IssuedToken token) => !token.Revoked && token.ExpiresAt > Now;

    private AppTokens AppState(string appId) =>
        _appTokens.TryGetValue(appId, out var state) ? state : _appTokens[appId] = new AppTokens();

    private sealed class IssuedToken(string appId, string value)
    {
        public string AppId { get; } = appId;

        public string Value { get; } = value;

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Revoked { get; set; }
    }

    private sealed class AppTokens
    {
        public string? Stable { get; set; }

        public string? Legacy { get; set; }

        public List<DateTimeOffset> ForceRefreshes { get; } = [];
    }
}
