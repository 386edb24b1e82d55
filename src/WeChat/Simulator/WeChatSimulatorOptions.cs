namespace Changai.WeChat.Simulator;

/// <summary>Settings for the in-process WeChat simulator, bound from "WeChat:Simulator". Dictionaries and lists
/// start with defaults; configuration adds to them.</summary>
public sealed class WeChatSimulatorOptions
{
    public const string SectionName = "WeChat:Simulator";

    /// <summary>When false every simulator endpoint answers 404, so mapping it by mistake exposes nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>Apps the simulator knows. Empty means one app with WeChat:AppId and WeChat:AppSecret.</summary>
    public List<SimulatedApp> Apps { get; set; } = [];

    /// <summary>Subscribe-message templates: template id → keyword keys in order, e.g. ["thing1", "time2"].
    /// The keyword type (key minus trailing digits) decides the value rules.</summary>
    public Dictionary<string, List<string>> Templates { get; set; } = new(StringComparer.Ordinal)
    {
        // 通知提醒: title, time, remark.
        ["sim-tmpl-notice"] = ["thing1", "time2", "thing3"],
        // 审核结果: item, result, time, remark.
        ["sim-tmpl-review-result"] = ["thing1", "phrase2", "time3", "thing4"],
    };

    /// <summary>Pages of the published mini-program (no leading slash). Subscribe-message pages and QR-code pages
    /// (with check_path) must be one of these.</summary>
    public List<string> Pages { get; set; } = ["pages/index/index"];

    /// <summary>How many received subscribe messages <c>/dev/messages</c> keeps (oldest dropped first). Benchmarks raise it
    /// to check every message of a large run for duplicates.</summary>
    public int MessagesKept { get; set; } = 10_000;

    /// <summary>Lifetime of a newly issued access token: more than 300, at most 7200.</summary>
    public int TokenLifetimeSeconds { get; set; } = 7200;

    /// <summary>msgSecCheck verdicts: content (matched as a substring) → verdict. Anything else passes with label 100.</summary>
    public Dictionary<string, MsgSecVerdict> MsgSecVerdicts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>getUserRiskRank answers: openid → rank 0–4. Anyone else is rank 0.</summary>
    public Dictionary<string, int> RiskRanks { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SimulatedApp
{
    public string AppId { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>Whether the app is bound to an Open Platform account, i.e. code2Session returns a unionid.</summary>
    public bool HasUnionId { get; set; }
}

public sealed class MsgSecVerdict
{
    /// <summary>pass, review or risky.</summary>
    public string Suggest { get; set; } = "pass";

    public int Label { get; set; } = 100;
}
