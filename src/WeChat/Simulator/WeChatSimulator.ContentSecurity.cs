using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Changai.WeChat.Simulator;

internal sealed partial class WeChatSimulator
{
    private const int MaxContentLength = 2500;
    private static readonly TimeSpan VisitWindow = TimeSpan.FromHours(2);

    private readonly Dictionary<string, MsgSecVerdict> _verdicts = new(StringComparer.Ordinal);

    public void SetVerdict(string content, string suggest, int label)
    {
        lock (_lock)
        {
            _verdicts[content] = new MsgSecVerdict { Suggest = suggest, Label = label };
        }
    }

    /// <summary>msgSecCheck v2 (and v1 when version is not 2). The verdict is the most severe one configured for any
    /// text the checked fields contain; pass/100 otherwise.</summary>
    private SimReply MsgSecCheck(string appId, JsonObject body, SimRequest request)
    {
        // WeChat staff confirmed the service cannot read \u-escaped text; the simulator refuses it so that a client
        // which escapes non-ASCII characters fails in tests.
        if (HasEscapedNonAscii(request.Body))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, content is \\u-escaped");
        }

        if (String(body, "content") is not { } content || content.Length > MaxContentLength)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, content missing or too long");
        }

        if (Int(body, "version") != 2)
        {
            // v1: only the content matters, and risky content is reported as errcode 87014.
            return Verdict(content) is { Suggest: "risky" }
                ? SimReply.Error(WeChatErrorCodes.ContentRisky, "risky content")
                : SimReply.Ok(new { errcode = 0, errmsg = "ok" });
        }

        if (String(body, "openid") is not { } openId)
        {
            return SimReply.Error(WeChatErrorCodes.InvalidJsonOrMissingParameter, "data format error, openid missing");
        }

        if (Int(body, "scene") is not (>= 1 and <= 4))
        {
            return SimReply.Error(WeChatErrorCodes.InvalidScene, "invalid scene");
        }

        if (!_lastVisits.TryGetValue(openId, out var visited) || Now - visited > VisitWindow)
        {
            return SimReply.Error(WeChatErrorCodes.UserNotRecentlyVisited, "user not visited in the last 2 hours");
        }

        var text = string.Join('\n', new[] { content, String(body, "title"), String(body, "nickname"), String(body, "signature") }.OfType<string>());
        var verdict = Verdict(text) ?? new MsgSecVerdict();
        var traceId = $"{Guid.NewGuid():N}"[..24] + "-" + Now.ToUnixTimeSeconds();
        return SimReply.Ok(new
        {
            errcode = 0,
            errmsg = "ok",
            trace_id = traceId,
            result = new { suggest = verdict.Suggest, label = verdict.Label },
            detail = new object[]
            {
                new { strategy = "content_model", errcode = 0, suggest = verdict.Suggest, label = verdict.Label, prob = verdict.Suggest == "pass" ? 0 : 90 },
            },
        });
    }

    private MsgSecVerdict? Verdict(string text) =>
        _verdicts
            .Where(v => text.Contains(v.Key, StringComparison.Ordinal))
            .Select(v => v.Value)
            .OrderByDescending(v => v.Suggest switch { "risky" => 2, "review" => 1, _ => 0 })
            .FirstOrDefault();

    private static bool HasEscapedNonAscii(string json) =>
        UnicodeEscape().Matches(json).Any(m => m.Groups["hex"].Success && Convert.ToInt32(m.Groups["hex"].Value, 16) >= 0x80);

    // Escaped backslashes are matched first so that a literal "\\u4e2d" in the text is not mistaken for an escape.
    [GeneratedRegex(@"\\\\|\\u(?<hex>[0-9A-Fa-f]{4})")]
    private static partial Regex UnicodeEscape();
}
