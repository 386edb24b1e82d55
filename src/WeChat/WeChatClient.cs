using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.WeChat;

/// <summary>Typed client for the WeChat server APIs the backend uses. Failures surface as
/// <see cref="WeChatApiException"/> (errcode != 0) or <see cref="WeChatTransportException"/>.</summary>
public sealed class WeChatClient(
    HttpClient http,
    WeChatAccessTokenProvider tokens,
    IOptions<WeChatOptions> options,
    WeChatMetrics metrics,
    ILogger<WeChatClient> logger)
{
    public const string HttpClientName = "Changai.WeChat";

    /// <summary>auth.code2Session: exchanges a <c>wx.login</c> code (single use, valid 5 minutes) for the user's
    /// openid and session key.</summary>
    public async Task<Code2SessionResult> Code2SessionAsync(string jsCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsCode);
        var o = options.Value;
        var uri = $"sns/jscode2session?appid={Uri.EscapeDataString(o.AppId)}&secret={Uri.EscapeDataString(o.AppSecret)}"
            + $"&js_code={Uri.EscapeDataString(jsCode)}&grant_type=authorization_code";

        var response = (await WeChatHttp.SendAsync(
            http, WeChatApiNames.Code2Session, new HttpRequestMessage(HttpMethod.Get, uri), imageExpected: false, logger, metrics, ct))
            .EnsureSuccess(logger);

        return new Code2SessionResult(
            response.RequiredString(response.Json, "openid"),
            response.RequiredString(response.Json, "session_key"),
            WeChatResponse.OptionalString(response.Json, "unionid"));
    }

    /// <summary>getPhoneNumber: exchanges the code from the phone-number button (single use, valid 5 minutes).
    /// Pass <paramref name="openId"/> to have WeChat check that the code belongs to that user.</summary>
    public async Task<PhoneNumberInfo> GetUserPhoneNumberAsync(string code, string? openId = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var response = (await PostWithTokenAsync(
            WeChatApiNames.GetPhoneNumber, "wxa/business/getuserphonenumber", new { code, openid = openId }, imageExpected: false, ct))
            .EnsureSuccess(logger);

        var info = response.RequiredObject(response.Json, "phone_info");
        return new PhoneNumberInfo(
            response.RequiredString(info, "phoneNumber"),
            response.RequiredString(info, "purePhoneNumber"),
            WeChatResponse.OptionalString(info, "countryCode") ?? "");
    }

    /// <summary>msgSecCheck v2. The verdict is in the result, not in an exception: check <see cref="MsgSecCheckResult.Suggest"/>.</summary>
    public async Task<MsgSecCheckResult> MsgSecCheckAsync(MsgSecCheckRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await PostWithTokenAsync(
            WeChatApiNames.MsgSecCheck,
            "wxa/msg_sec_check",
            new
            {
                content = request.Content,
                version = 2,
                scene = (int)request.Scene,
                openid = request.OpenId,
                title = request.Title,
                nickname = request.Nickname,
                signature = request.Signature,
            },
            imageExpected: false,
            ct);

        // 87014 is how v1 reported risky content; treat it as a verdict if it ever comes back.
        if (response.ErrCode == WeChatErrorCodes.ContentRisky)
        {
            return new MsgSecCheckResult(MsgSecCheckSuggest.Risky, MsgSecCheckResult.LabelOther, null);
        }

        response.EnsureSuccess(logger);
        var result = response.RequiredObject(response.Json, "result");
        var suggest = WeChatResponse.OptionalString(result, "suggest") switch
        {
            "pass" => MsgSecCheckSuggest.Pass,
            "risky" => MsgSecCheckSuggest.Risky,
            // Anything unexpected goes to a human rather than being published.
            _ => MsgSecCheckSuggest.Review,
        };
        var label = result.TryGetProperty("label", out var l) && l.TryGetInt32(out var value) ? value : MsgSecCheckResult.LabelOther;
        return new MsgSecCheckResult(suggest, label, WeChatResponse.OptionalString(response.Json, "trace_id"));
    }

    /// <summary>getUnlimitedQRCode: returns the image bytes; a JSON error body raises <see cref="WeChatApiException"/>.</summary>
    public async Task<WxaCodeImage> GetUnlimitedQrCodeAsync(WxaCodeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = (await PostWithTokenAsync(
            WeChatApiNames.GetWxaCodeUnlimit,
            "wxa/getwxacodeunlimit",
            new
            {
                scene = request.Scene,
                page = request.Page,
                check_path = request.CheckPath,
                env_version = request.EnvVersion,
                width = request.Width,
                auto_color = request.AutoColor,
                line_color = request.LineColor is { } c ? new { r = c.R, g = c.G, b = c.B } : null,
                is_hyaline = request.IsHyaline,
            },
            imageExpected: true,
            ct))
            .EnsureSuccess(logger);

        return response.Image ?? throw new WeChatTransportException(WeChatApiNames.GetWxaCodeUnlimit, "expected an image, got JSON without an error");
    }

    /// <summary>subscribeMessage.send. Each send uses one of the user's accepts for the template (43101 when none
    /// are left); a failed send uses none.</summary>
    public async Task SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        (await PostWithTokenAsync(
            WeChatApiNames.SubscribeSend,
            "cgi-bin/message/subscribe/send",
            new
            {
                touser = message.ToUser,
                template_id = message.TemplateId,
                page = message.Page,
                data = message.Data.ToDictionary(kv => kv.Key, kv => new { value = kv.Value }),
                miniprogram_state = message.MiniProgramState ?? options.Value.MiniProgramState,
                lang = message.Lang,
            },
            imageExpected: false,
            ct))
            .EnsureSuccess(logger);
    }

    /// <summary>getUserRiskRank (安全风控): how likely WeChat thinks this user is a bot, a fraudster or a bonus hunter,
    /// from 0 to 4. No user consent is needed; the caller decides which rank it refuses.</summary>
    public async Task<UserRiskRank> GetUserRiskRankAsync(UserRiskRankRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.OpenId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ClientIp);
        var response = (await PostWithTokenAsync(
            WeChatApiNames.GetUserRiskRank,
            "wxa/getuserriskrank",
            new
            {
                appid = options.Value.AppId,
                openid = request.OpenId,
                scene = (int)request.Scene,
                client_ip = request.ClientIp,
                mobile_no = request.MobileNo,
                email_address = request.EmailAddress,
                extended_info = request.ExtendedInfo,
                is_test = request.IsTest ? true : (bool?)null,
            },
            imageExpected: false,
            ct))
            .EnsureSuccess(logger);

        if (!response.Json.TryGetProperty("risk_rank", out var rank) || !rank.TryGetInt32(out var value) || value is < 0 or > UserRiskRank.Highest)
        {
            throw new WeChatTransportException(WeChatApiNames.GetUserRiskRank, "response lacks a risk_rank from 0 to 4");
        }

        long? requestId = response.Json.TryGetProperty("unoin_id", out var id) && id.TryGetInt64(out var n) ? n : null;
        return new UserRiskRank(value, requestId);
    }

    /// <summary>POSTs with the current access token; if WeChat rejects the token, renews it and retries exactly once.</summary>
    private async Task<WeChatResponse> PostWithTokenAsync(string api, string path, object body, bool imageExpected, CancellationToken ct)
    {
        var json = WeChatJson.Serialize(body);
        var token = await tokens.GetTokenAsync(ct);
        var response = await PostAsync(token);
        if (!WeChatErrorCodes.IsAccessTokenRejection(response.ErrCode))
        {
            return response;
        }

        logger.AccessTokenRejected(api, response.ErrCode);
        var renewed = await tokens.RenewAsync(token, ct);
        return renewed is null ? response : await PostAsync(renewed);

        Task<WeChatResponse> PostAsync(string accessToken) => WeChatHttp.SendAsync(
            http,
            api,
            new HttpRequestMessage(HttpMethod.Post, $"{path}?access_token={Uri.EscapeDataString(accessToken)}") { Content = WeChatJson.Content(json) },
            imageExpected,
            logger,
            metrics,
            ct);
    }
}
