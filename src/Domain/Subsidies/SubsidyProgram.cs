using Changai.Domain.Common;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Subsidies;

/// <summary>
/// A subsidy programme (补贴/资助项目) run by a union for the workers of its subtree: its window, budget, rules and review
/// chain. <see cref="CommittedFen"/> is the budget already reserved by final approvals; it only moves through a
/// conditional update (<c>CommittedFen + amount &lt;= BudgetFen</c>), so parallel approvals can never overspend.
/// </summary>
public sealed class SubsidyProgram
{
    private SubsidyRules? rules;

    public Guid Id { get; init; }

    public required string Name { get; set; }

    public SubsidyKind Kind { get; init; }

    public Guid OwnerUnionId { get; init; }

    public string? Description { get; set; }

    /// <summary>First and last day (Beijing dates) on which applications can be submitted.</summary>
    public DateOnly OpensOn { get; set; }

    public DateOnly ClosesOn { get; set; }

    public long BudgetFen { get; set; }

    public long CommittedFen { get; set; }

    public AllocationMode Allocation { get; init; }

    public required string RulesJson { get; set; }

    /// <summary>SHA-256 of <see cref="LotterySeed"/>, published from the start so that the draw can be checked afterwards.</summary>
    public string? LotterySeedHash { get; init; }

    /// <summary>Kept secret until the draw, then published with the result.</summary>
    public string? LotterySeed { get; init; }

    public DateTime? DrawnAt { get; set; }

    /// <summary>The published draw: remaining budget and quotas at the draw and every ticket, so anyone can recompute it.</summary>
    public string? DrawResultJson { get; set; }

    public Guid CreatedByOfficerId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }

    public SubsidyRules Rules
    {
        get => rules ??= SubsidyRules.FromJson(RulesJson);
        set
        {
            rules = value;
            RulesJson = value.ToJson();
        }
    }

    public bool IsOpenOn(DateOnly today) => today >= OpensOn && today <= ClosesOn;

    public long RemainingFen => BudgetFen - CommittedFen;

    /// <summary>The rules must describe a programme that can actually pay and be reviewed; problems in Chinese, by field.</summary>
    public static IReadOnlyList<string> Problems(SubsidyKind kind, SubsidyRules rules, DateOnly opensOn, DateOnly closesOn, long budgetFen)
    {
        var problems = new List<string>();
        if (closesOn < opensOn)
        {
            problems.Add("截止日期不能早于开始日期");
        }

        if (budgetFen <= 0)
        {
            problems.Add("总预算应大于 0");
        }

        if (rules.ReviewChain.Count == 0 || rules.ReviewChain.Select(s => s.Level).Distinct().Count() != rules.ReviewChain.Count)
        {
            problems.Add("审核层级至少一级，且不能重复");
        }
        else if (!rules.ReviewChain.Select(s => (int)s.Level).SequenceEqual(rules.ReviewChain.Select(s => (int)s.Level).Order()))
        {
            problems.Add("审核层级应自下而上排列（基层 → 县区 → 州市 → 省）");
        }

        if (rules.ReviewChain.Any(s => s.DeadlineDays is < 1 or > 60))
        {
            problems.Add("每级审核时限应为 1–60 天");
        }

        var amount = rules.Amount;
        switch (amount.Kind)
        {
            case AmountRuleKind.LevelTable when amount.LevelTable is not { Count: > 0 } || amount.LevelTable.Any(l => l.AmountFen <= 0)
                || amount.LevelTable.Select(l => l.Level).Distinct().Count() != amount.LevelTable.Count:
                problems.Add("按证书等级补贴时，须为每个等级填写大于 0 的金额，且等级不重复");
                break;
            case AmountRuleKind.TuitionShare when amount.TuitionSharePercent is not (> 0 and <= 100) || amount.TuitionCapFen is not > 0:
                problems.Add("按学费比例资助时，须填写 1–100 的比例和大于 0 的上限");
                break;
            case AmountRuleKind.HardshipTiers when amount.HardshipTiers is not { Count: > 0 } || amount.HardshipTiers.Any(t => t.AmountFen <= 0 || string.IsNullOrWhiteSpace(t.Code) || string.IsNullOrWhiteSpace(t.Name))
                || amount.HardshipTiers.Select(t => t.Code).Distinct().Count() != amount.HardshipTiers.Count:
                problems.Add("按困难程度分档时，每档须有代码、名称和大于 0 的金额，代码不重复");
                break;
        }

        if (kind == SubsidyKind.SkillCertificate && amount.Kind != AmountRuleKind.LevelTable)
        {
            problems.Add("技能提升补贴按取得的证书等级确定金额");
        }

        if (rules.Limits.OncePerOccupationAndLevel && !rules.NeedsCertificate)
        {
            problems.Add("“同一职业同一等级限申请一次”只适用于按证书等级补贴的项目");
        }

        if (rules.Limits.YearlyCapFen is <= 0)
        {
            problems.Add("年度上限应大于 0");
        }

        if (rules.Eligibility.MinMembershipMonths is < 0 or > 600 || rules.Eligibility.CertificateWithinMonths is <= 0)
        {
            problems.Add("会龄和证书时限应为正数");
        }

        if (rules.Eligibility.RegionCodes?.Any(c => c.Length is < 2 or > 6 || !c.All(char.IsAsciiDigit)) == true)
        {
            problems.Add("地区应为 2–6 位行政区划代码");
        }

        if (rules.Documents.Select(d => d.Code).Distinct().Count() != rules.Documents.Count || rules.Documents.Any(d => string.IsNullOrWhiteSpace(d.Code) || string.IsNullOrWhiteSpace(d.Name)))
        {
            problems.Add("所需材料须有代码和名称，代码不重复");
        }

        if (rules.CorrectionDays is < 1 or > 60)
        {
            problems.Add("补正期限应为 1–60 天");
        }

        return problems;
    }

    public static void EnsureValid(SubsidyKind kind, SubsidyRules rules, DateOnly opensOn, DateOnly closesOn, long budgetFen)
    {
        var problems = Problems(kind, rules, opensOn, closesOn, budgetFen);
        if (problems.Count > 0)
        {
            throw DomainException.BadRequest("subsidies.program_invalid", string.Join("；", problems));
        }
    }
}

/// <summary>A county's share of a programme's budget (名额). Counties without one draw on the total alone.</summary>
public sealed class SubsidyQuota
{
    public Guid Id { get; init; }

    public Guid ProgramId { get; init; }

    /// <summary>GB/T 2260 county code (6 digits), matched against the applicant's county.</summary>
    public required string CountyCode { get; init; }

    public long QuotaFen { get; set; }

    public long CommittedFen { get; set; }
}

internal sealed class SubsidyProgramMapping : IEntityTypeConfiguration<SubsidyProgram>
{
    public void Configure(EntityTypeBuilder<SubsidyProgram> e)
    {
        e.Ignore(x => x.Rules);
        e.Property(x => x.Kind).HasConversion<string>();
        e.Property(x => x.Allocation).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.OwnerUnionId, x.ClosesOn });
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.OwnerUnionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubsidyQuotaMapping : IEntityTypeConfiguration<SubsidyQuota>
{
    public void Configure(EntityTypeBuilder<SubsidyQuota> e)
    {
        e.HasIndex(x => new { x.ProgramId, x.CountyCode }).IsUnique();
        e.HasOne<SubsidyProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Restrict);
    }
}
