using Microsoft.Extensions.Options;

namespace Changai.WeChat.Simulator;

internal sealed class WeChatSimulatorOptionsValidator : IValidateOptions<WeChatSimulatorOptions>
{
    private static readonly string[] Suggestions = ["pass", "review", "risky"];

    public ValidateOptionsResult Validate(string? name, WeChatSimulatorOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.Apps.Count == 0)
        {
            failures.Add("WeChat:Simulator needs an app: set WeChat:AppId and WeChat:AppSecret, or WeChat:Simulator:Apps.");
        }

        if (options.Apps.Any(a => string.IsNullOrWhiteSpace(a.AppId) || string.IsNullOrWhiteSpace(a.Secret)))
        {
            failures.Add("Every WeChat:Simulator:Apps entry needs AppId and Secret.");
        }

        if (options.MessagesKept < 1)
        {
            failures.Add("WeChat:Simulator:MessagesKept must be at least 1.");
        }

        if (options.TokenLifetimeSeconds is <= 300 or > 7200)
        {
            failures.Add("WeChat:Simulator:TokenLifetimeSeconds must be more than 300 and at most 7200.");
        }

        foreach (var (templateId, keys) in options.Templates)
        {
            if (keys.Count == 0 || keys.Count != keys.Distinct(StringComparer.Ordinal).Count())
            {
                failures.Add($"WeChat:Simulator:Templates:{templateId} must list distinct keyword keys.");
            }

            failures.AddRange(keys
                .Where(k => !SubscribeValueRules.KnownTypes.Contains(SubscribeValueRules.TypeOf(k)))
                .Select(k => $"WeChat:Simulator:Templates:{templateId}: '{k}' is not a known keyword type (thing, time, phrase, ...)."));
        }

        failures.AddRange(options.MsgSecVerdicts
            .Where(v => !Suggestions.Contains(v.Value.Suggest))
            .Select(v => $"WeChat:Simulator:MsgSecVerdicts:{v.Key}: suggest must be pass, review or risky."));

        failures.AddRange(options.RiskRanks
            .Where(r => r.Value is < 0 or > UserRiskRank.Highest)
            .Select(r => $"WeChat:Simulator:RiskRanks:{r.Key}: a risk rank is 0 to 4."));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
