using System.Text.Json.Nodes;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private static readonly string[] MiniProgramStates = ["developer", "trial", "formal"];
    private static readonly string[] Langs = ["zh_CN", "en_US", "zh_HK", "zh_TW"];

    private readonly Dictionary<(string OpenId, string TemplateId), int> _credits = [];
    private readonly Queue<ReceivedSubscribeMessage> _messages = new();

    /// <summary>The user tapped "accept" <paramref name="count"/> times for the template. Accepts add up; each
    /// successful send uses one. Returns how many sends are now allowed.</summary>
    public int GrantSubscriptions(string openId, string templateId, int count)
    {
        lock (_lock)
        {
            _knownOpenIds.Add(openId);
            return _credits[(openId, templateId)] = _credits.GetValueOrDefault((openId, templateId)) + count;
        }
    }

    public IReadOnlyList<ReceivedSubscribeMessage> Messages(string? openId)
    {
        lock (_lock)
        {
            return _messages.Where(m => openId is null || m.OpenId == openId).ToList();
        }
    }

    private SimReply SubscribeSend(string appId, JsonObject body, SimRequest request)
    {
        var openId = String(body, "touser");
        var templateId = String(body, "template_id");
        if (openId is null || templateId is null || body["data"] is not JsonObject data)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, touser, template_id and data are required");
        }

        if (!_templates.TryGetValue(templateId, out var keys))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidTemplateId, "invalid template_id");
        }

        if (!_knownOpenIds.Contains(openId))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidOpenId, "invalid openid");
        }

        var page = String(body, "page");
        if (page is not null && !_pages.Contains(page.Split('?', 2)[0].TrimStart('/')))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidPage, "invalid page");
        }

        var state = String(body, "miniprogram_state") ?? "formal";
        if (!MiniProgramStates.Contains(state))
        {
            return InvalidArgument("miniprogram_state");
        }

        var lang = String(body, "lang") ?? "zh_CN";
        if (!Langs.Contains(lang))
        {
            return InvalidArgument("lang");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (data[key] is not JsonObject field || String(field, "value") is not { } value || !SubscribeValueRules.IsValid(key, value))
            {
                return InvalidArgument($"data.{key}.value");
            }

            values[key] = value;
        }

        if (data.Select(d => d.Key).FirstOrDefault(k => !keys.Contains(k)) is { } unknownKey)
        {
            return InvalidArgument($"data.{unknownKey}.value");
        }

        // Checked last so that a send failing for any other reason uses no credit.
        var credits = _credits.GetValueOrDefault((openId, templateId));
        if (credits <= 0)
        {
            return SimReply.Error(WeChatErrorCodes.SubscriptionQuotaExhausted, "user refuse to accept the msg");
        }

        _credits[(openId, templateId)] = credits - 1;
        if (_messages.Count >= _messagesKept)
        {
            _messages.Dequeue();
        }

        _messages.Enqueue(new ReceivedSubscribeMessage(openId, templateId, page, values, state, lang, Now));
        return SimReply.Ok(new { errcode = 0, errmsg = "ok", msgid = Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999) });
    }

    private static SimReply InvalidArgument(string field) =>
        SimReply.Error(WeChatErrorCodes.InvalidArgument, $"argument invalid! {field}");
}

/// <summary>A subscribe message as the user received it.</summary>
internal sealed record ReceivedSubscribeMessage(
    string OpenId,
    string TemplateId,
    string? Page,
    IReadOnlyDictionary<string, string> Data,
    string MiniProgramState,
    string Lang,
    DateTimeOffset ReceivedAt);
