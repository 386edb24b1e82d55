using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CodeMemory = TimeSpan.FromHours(1);

    private readonly Dictionary<string, LoginCode> _loginCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PhoneCode> _phoneCodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownOpenIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastVisits = new(StringComparer.Ordinal);

    /// <summary>What <c>wx.login</c> gives the mini-program: a code for this user, single use, valid 5 minutes.</summary>
    public (string Code, string OpenId) IssueLoginCode(string? openId, string appId)
    {
        lock (_lock)
        {
            ForgetOldCodes();
            openId ??= "o" + RandomId(27);
            var code = RandomId(32);
            _loginCodes[code] = new LoginCode(appId, openId, Now);
            _knownOpenIds.Add(openId);
            return (code, openId);
        }
    }

    /// <summary>What the phone-number button gives the mini-program: a code for the number, single use, valid 5 minutes.</summary>
    public string IssuePhoneCode(string phoneNumber, string countryCode, string? openId, string appId)
    {
        lock (_lock)
        {
            ForgetOldCodes();
            var code = RandomId(32);
            _phoneCodes[code] = new PhoneCode(appId, phoneNumber, countryCode, openId, Now);
            return code;
        }
    }

    private SimReply Code2Session(SimRequest request)
    {
        var appId = request.QueryValue("appid");
        if (Authenticate(appId, request.QueryValue("secret")) is { } error)
        {
            return error;
        }

        if (request.QueryValue("js_code") is not { } code)
        {
            return SimReply.Error(41008, "missing code");
        }

        if (request.QueryValue("grant_type") != "authorization_code")
        {
            return SimReply.Error(40002, "invalid grant_type");
        }

        if (!_loginCodes.TryGetValue(code, out var login) || login.AppId != appId || Now - login.IssuedAt >= CodeLifetime)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidCode, "invalid code");
        }

        if (login.Used)
        {
            return SimReply.Error(WeChatErrorCodes.CodeAlreadyUsed, "code been used");
        }

        login.Used = true;
        _lastVisits[login.OpenId] = Now;

        var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var unionId = _apps[appId!].HasUnionId ? UnionIdFor(login.OpenId) : null;
        // jscode2session is one of the APIs seen answering JSON labelled text/plain; clients must cope.
        return SimReply.Ok(new { openid = login.OpenId, session_key = sessionKey, unionid = unionId }, "text/plain");
    }

    private SimReply GetPhoneNumber(string appId, JsonObject body, SimRequest request)
    {
        if (String(body, "code") is not { } code)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, code missing");
        }

        if (!_phoneCodes.TryGetValue(code, out var phone) || phone.Used || Now - phone.IssuedAt >= CodeLifetime)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidCode, "invalid code");
        }

        if (phone.AppId != appId)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidAppId, "invalid appid");
        }

        if (String(body, "openid") is { } openId && phone.OpenId is not null && phone.OpenId != openId)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidCode, "invalid code, openid mismatch");
        }

        phone.Used = true;
        var mainland = phone.CountryCode == "86";
        return SimReply.Ok(new
        {
            errcode = 0,
            errmsg = "ok",
            phone_info = new
            {
                phoneNumber = mainland ? phone.PhoneNumber : $"+{phone.CountryCode}{phone.PhoneNumber}",
                purePhoneNumber = phone.PhoneNumber,
                // Documented as a string, but the doc's own example sends a number; so do we.
                countryCode = long.TryParse(phone.CountryCode, out var numeric) ? (object)numeric : phone.CountryCode,
                watermark = new { timestamp = Now.ToUnixTimeSeconds(), appid = appId },
            },
        });
    }

    private void ForgetOldCodes()
    {
        foreach (var code in _loginCodes.Where(c => Now - c.Value.IssuedAt > CodeMemory).Select(c => c.Key).ToList())
        {
            _loginCodes.Remove(code);
        }

        foreach (var code in _phoneCodes.Where(c => Now - c.Value.IssuedAt > CodeMemory).Select(c => c.Key).ToList())
        {
            _phoneCodes.Remove(code);
        }
    }

    private static string UnionIdFor(string openId) =>
        "oU" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(openId)))[..26].Replace('+', '-').Replace('/', '_');

    private sealed record LoginCode(string AppId, string OpenId, DateTimeOffset IssuedAt)
    {
        public bool Used { get; set; }
    }

    private sealed record PhoneCode(string AppId, string PhoneNumber, string CountryCode, string? OpenId, DateTimeOffset IssuedAt)
    {
        public bool Used { get; set; }
    }
}
