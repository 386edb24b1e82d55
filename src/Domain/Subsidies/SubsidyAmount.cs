using Changai.Domain.Common;
using Changai.Domain.Profiles;

namespace Changai.Domain.Subsidies;

public sealed record AmountResult(long AmountFen, IReadOnlyList<BreakdownLine> Breakdown);

/// <summary>Computes what an application is worth under its programme's amount rule, with the lines that explain it.</summary>
public static class SubsidyAmount
{
    public static AmountResult Compute(AmountRule rule, SkillLevel? level, long? tuitionFen, string? hardshipTier)
    {
        switch (rule.Kind)
        {
            case AmountRuleKind.LevelTable:
            {
                if (level is not { } l)
                {
                    throw new DomainException("subsidies.certificate_required", "请选择或填写所取得的证书");
                }

                var row = rule.LevelTable?.FirstOrDefault(r => r.Level == l)
                    ?? throw new DomainException("subsidies.level_not_covered", $"本项目不补贴“{SubsidyNames.Of(l)}”证书");
                return new AmountResult(row.AmountFen, [new BreakdownLine("证书等级补贴标准", $"{SubsidyNames.Of(l)}：{Money.Format(row.AmountFen)}", row.AmountFen)]);
            }

            case AmountRuleKind.TuitionShare:
            {
                if (tuitionFen is not > 0 || rule.TuitionSharePercent is not { } percent || rule.TuitionCapFen is not { } cap)
                {
                    throw new DomainException("subsidies.tuition_required", "请填写实际缴纳的学费");
                }

                var share = tuitionFen.Value * percent / 100;
                var lines = new List<BreakdownLine> { new("学费资助", $"学费 {Money.Format(tuitionFen.Value)} × {percent}% = {Money.Format(share)}", share) };
                if (share > cap)
                {
                    lines.Add(new BreakdownLine("资助上限", $"超过上限 {Money.Format(cap)}，按上限资助", cap - share));
                }

                return new AmountResult(Math.Min(share, cap), lines);
            }

            case AmountRuleKind.HardshipTiers:
            {
                var tier = rule.HardshipTiers?.FirstOrDefault(t => t.Code == hardshipTier)
                    ?? throw new DomainException("subsidies.tier_required", "请选择困难类别");
                return new AmountResult(tier.AmountFen, [new BreakdownLine("困难帮扶标准", $"{tier.Name}：{Money.Format(tier.AmountFen)}", tier.AmountFen)]);
            }

            default:
                throw new InvalidOperationException("unknown amount rule " + rule.Kind);
        }
    }
}
