using System.Diagnostics.Metrics;
using System.Globalization;

namespace Changai.WeChat;

/// <summary>Our own count of WeChat calls, by API and outcome, on the meter <see cref="MeterName"/>. HTTP timings of
/// the same calls are on the built-in <c>System.Net.Http</c> meter, tagged with <c>wechat.api</c>.</summary>
public sealed class WeChatMetrics
{
    public const string MeterName = "Changai.WeChat";

    private readonly Counter<long> _calls;

    public WeChatMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>(
            "changai.wechat.calls",
            unit: "{call}",
            description: "WeChat API calls: wechat.outcome ok (errcode 0), error (wechat.errcode says which), transport, timeout or circuit_open (not sent)");
    }

    internal void Answered(string api, int errCode) => _calls.Add(
        1,
        new KeyValuePair<string, object?>("wechat.api", api),
        new KeyValuePair<string, object?>("wechat.outcome", errCode == 0 ? "ok" : "error"),
        // errcodes are a short, fixed list per API: a bounded label.
        new KeyValuePair<string, object?>("wechat.errcode", errCode.ToString(CultureInfo.InvariantCulture)));

    internal void Failed(string api, string outcome) => _calls.Add(
        1,
        new KeyValuePair<string, object?>("wechat.api", api),
        new KeyValuePair<string, object?>("wechat.outcome", outcome));
}
