using System.Globalization;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// The programme form as the officer typed it (text, amounts in 元), so a refused form comes back exactly as it was sent. It
/// only turns text into the API's request (<see cref="ManagePrograms.CreateRequest"/>, <see cref="ManagePrograms.UpdateRequest"/>);
/// every rule about what a programme may be stays with the API (validators, <see cref="SubsidyProgram.Problems"/>).
/// </summary>
public sealed class ProgramForm
{
    public static readonly SkillLevel[] Levels = Enum.GetValues<SkillLevel>().Where(l => l != SkillLevel.None).ToArray();

    public string Name { get; set; } = "";

    public SubsidyKind Kind { get; set; } = SubsidyKind.SkillCertificate;

    public Guid? OwnerUnionId { get; set; }

    public string Description { get; set; } = "";

    public string OpensOn { get; set; } = "";

    public string ClosesOn { get; set; } = "";

    public string BudgetYuan { get; set; } = "";

    public AllocationMode Allocation { get; set; } = AllocationMode.FirstComeFirstServed;

    public AmountRuleKind AmountKind { get; set; } = AmountRuleKind.LevelTable;

    /// <summary>元 per certificate level; blank: the level gets nothing.</summary>
    public Dictionary<SkillLevel, string> LevelYuan { get; } = [];

    public string TuitionPercent { get; set; } = "";

    public string TuitionCapYuan { get; set; } = "";

    /// <summary>One tier a line: 代码,名称,金额（元）.</summary>
    public string HardshipTiers { get; set; } = "";

    public string MinMembershipMonths { get; set; } = "0";

    public bool RequireIndustrialWorker { get; set; }

    public string CertificateWithinMonths { get; set; } = "";

    /// <summary>Administrative division codes separated by commas or spaces; blank: anywhere.</summary>
    public string RegionCodes { get; set; } = "";

    public bool OncePerOccupationAndLevel { get; set; }

    public bool OncePerDegreeLevel { get; set; }

    public string YearlyCapYuan { get; set; } = "";

    /// <summary>One document a line: 代码,名称.</summary>
    public string Documents { get; set; } = "";

    /// <summary>Days each level has to review; blank: the level is not in the chain.</summary>
    public Dictionary<ReviewLevel, string> ReviewDays { get; } = [];

    public string CorrectionDays { get; set; } = "7";

    /// <summary>元 per county (GB/T 2260 code, one row each on the form); blank or absent: no quota for that county.</summary>
    public Dictionary<string, string> QuotaYuan { get; } = new(StringComparer.Ordinal);

    public int Version { get; set; }

    public static ProgramForm Blank(DateOnly today)
    {
        var form = new ProgramForm { OpensOn = Iso(today), ClosesOn = Iso(today.AddMonths(3)), Documents = "certificate,职业技能等级证书\nid_card,身份证正反面" };
        form.ReviewDays[ReviewLevel.Grassroots] = "7";
        form.ReviewDays[ReviewLevel.County] = "7";
        return form;
    }

    public static ProgramForm From(ManagePrograms.ProgramView p)
    {
        var r = p.Rules;
        var form = new ProgramForm
        {
            Name = p.Name, Kind = p.Kind, OwnerUnionId = p.Owner.Id, Description = p.Description ?? "", OpensOn = Iso(p.OpensOn), ClosesOn = Iso(p.ClosesOn),
            BudgetYuan = Yuan(p.BudgetFen), Allocation = p.Allocation, AmountKind = r.Amount.Kind,
            TuitionPercent = r.Amount.TuitionSharePercent?.ToString(CultureInfo.InvariantCulture) ?? "", TuitionCapYuan = Yuan(r.Amount.TuitionCapFen),
            HardshipTiers = string.Join("\n", (r.Amount.HardshipTiers ?? []).Select(t => $"{t.Code},{t.Name},{Yuan(t.AmountFen)}")),
            MinMembershipMonths = r.Eligibility.MinMembershipMonths.ToString(CultureInfo.InvariantCulture), RequireIndustrialWorker = r.Eligibility.RequireIndustrialWorker,
            CertificateWithinMonths = r.Eligibility.CertificateWithinMonths?.ToString(CultureInfo.InvariantCulture) ?? "",
            RegionCodes = string.Join(",", r.Eligibility.RegionCodes ?? []), OncePerOccupationAndLevel = r.Limits.OncePerOccupationAndLevel,
            OncePerDegreeLevel = r.Limits.OncePerDegreeLevel, YearlyCapYuan = Yuan(r.Limits.YearlyCapFen),
            Documents = string.Join("\n", r.Documents.Select(d => $"{d.Code},{d.Name}")), CorrectionDays = r.CorrectionDays.ToString(CultureInfo.InvariantCulture),
            Version = p.Version,
        };
        foreach (var q in p.Quotas)
        {
            form.QuotaYuan[q.CountyCode] = Yuan(q.QuotaFen);
        }

        foreach (var level in r.Amount.LevelTable ?? [])
        {
            form.LevelYuan[level.Level] = Yuan(level.AmountFen);
        }

        foreach (var step in r.ReviewChain)
        {
            form.ReviewDays[step.Level] = step.DeadlineDays.ToString(CultureInfo.InvariantCulture);
        }

        return form;
    }

    public static ProgramForm From(IFormCollection f)
    {
        var form = new ProgramForm
        {
            Name = f.Text("name") ?? "", Kind = Parse(f.Text("kind"), SubsidyKind.SkillCertificate), OwnerUnionId = Guid.TryParse(f.Text("ownerUnionId"), out var owner) ? owner : null,
            Description = f.Text("description") ?? "", OpensOn = f.Text("opensOn") ?? "", ClosesOn = f.Text("closesOn") ?? "", BudgetYuan = f.Text("budget") ?? "",
            Allocation = Parse(f.Text("allocation"), AllocationMode.FirstComeFirstServed), AmountKind = Parse(f.Text("amountKind"), AmountRuleKind.LevelTable),
            TuitionPercent = f.Text("tuitionPercent") ?? "", TuitionCapYuan = f.Text("tuitionCap") ?? "", HardshipTiers = ProgramPickers.TierLines(f) ?? f.Text("hardshipTiers") ?? "",
            MinMembershipMonths = f.Text("minMembershipMonths") ?? "", RequireIndustrialWorker = f.Text("requireIndustrialWorker") is not null,
            CertificateWithinMonths = f.Text("certificateWithinMonths") ?? "", RegionCodes = string.Join(",", f.Codes("regionCodes")),
            OncePerOccupationAndLevel = f.Text("oncePerOccupationAndLevel") is not null, OncePerDegreeLevel = f.Text("oncePerDegreeLevel") is not null,
            YearlyCapYuan = f.Text("yearlyCap") ?? "", Documents = ProgramPickers.DocumentLines(f) ?? f.Text("documents") ?? "", CorrectionDays = f.Text("correctionDays") ?? "",
            Version = int.TryParse(f.Text("version"), out var version) ? version : 0,
        };
        foreach (var key in f.Keys.Where(k => k.StartsWith(QuotaField, StringComparison.Ordinal)))
        {
            if (f.Text(key) is { } amount)
            {
                form.QuotaYuan[key[QuotaField.Length..]] = amount;
            }
        }

        foreach (var level in Levels)
        {
            form.LevelYuan[level] = f.Text("level." + level) ?? "";
        }

        foreach (var level in Enum.GetValues<ReviewLevel>())
        {
            form.ReviewDays[level] = f.Text("days." + level) ?? "";
        }

        return form;
    }

    /// <summary>The form field of a county's quota: <c>quota.530111</c>.</summary>
    public const string QuotaField = "quota.";

    /// <param name="errors">Gets what could not be read (a date that is no date, an amount that is no amount), each naming the field.</param>
    public ManagePrograms.CreateRequest ToCreate(FormErrors errors)
    {
        var problems = new List<string>();
        var (opens, closes, budget, rules, quotas) = Common(problems);
        problems.ForEach(p => errors.Add("", p));
        return new ManagePrograms.CreateRequest(Name, Kind, OwnerUnionId, NullIfBlank(Description), opens, closes, budget, Allocation, rules, quotas);
    }

    public ManagePrograms.UpdateRequest ToUpdate(FormErrors errors)
    {
        var problems = new List<string>();
        var (opens, closes, budget, rules, quotas) = Common(problems);
        problems.ForEach(p => errors.Add("", p));
        return new ManagePrograms.UpdateRequest(Name, NullIfBlank(Description), opens, closes, budget, rules, quotas, Version);
    }

    public string Quota(string countyCode) => QuotaYuan.GetValueOrDefault(countyCode, "");

    /// <summary>
    /// The counties the quota rows offer: those of the officer's area (a county union's own county, a city's counties, the
    /// whole province for the province's union), then any county the programme already has a quota for outside it.
    /// </summary>
    public static IReadOnlyList<(string Code, string Name)> CountiesOf(string regionCode, string prefectureCode, ProgramForm form)
    {
        var area = YunnanRegions.IsCounty(regionCode)
            ? YunnanRegions.Counties.Where(c => c.Code == regionCode)
            : YunnanRegions.Counties.Where(c => c.Code.StartsWith(prefectureCode, StringComparison.Ordinal));
        var list = area.ToList();
        list.AddRange(form.QuotaYuan.Keys.Where(code => list.All(c => c.Code != code)).Order(StringComparer.Ordinal)
            .Select(code => (code, YunnanRegions.CountyName(code) ?? code)));
        return list;
    }

    /// <summary>A county's name as the officer reads it on the form.</summary>
    public static string CountyLabel(string code) => YunnanRegions.CountyName(code) ?? $"县（市、区）{code}";

    public string Level(SkillLevel level) => LevelYuan.GetValueOrDefault(level, "");

    public string Days(ReviewLevel level) => ReviewDays.GetValueOrDefault(level, "");

    public static string Yuan(long? fen) => fen is { } f ? (f / 100m).ToString(f % 100 == 0 ? "0" : "0.00", CultureInfo.InvariantCulture) : "";

    private (DateOnly Opens, DateOnly Closes, long Budget, SubsidyRules Rules, IReadOnlyList<ManagePrograms.QuotaInput> Quotas) Common(List<string> problems)
    {
        var opens = Date(OpensOn, "开始日期", problems);
        var closes = Date(ClosesOn, "截止日期", problems);
        var budget = Fen(BudgetYuan, "总预算", problems) ?? 0;
        var amount = AmountKind switch
        {
            AmountRuleKind.LevelTable => new AmountRule(AmountKind, LevelTable: Levels
                .Where(l => Level(l).Length > 0)
                .Select(l => new LevelAmount(l, Fen(Level(l), SubsidyNames.Of(l) + "的金额", problems) ?? 0)).ToList()),
            AmountRuleKind.TuitionShare => new AmountRule(AmountKind, TuitionSharePercent: Int(TuitionPercent, "学费资助比例", problems),
                TuitionCapFen: Fen(TuitionCapYuan, "资助上限", problems)),
            _ => new AmountRule(AmountKind, HardshipTiers: Lines(HardshipTiers, 3, "困难档次", problems)
                .Select(c => new HardshipTier(c[0], c[1], Fen(c[2], $"档次“{c[1]}”的金额", problems) ?? 0)).ToList()),
        };
        var regions = RegionCodes.Split([',', '，', ' ', '、', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rules = new SubsidyRules(
            new EligibilityRules(Int(MinMembershipMonths, "会龄要求", problems) ?? 0, RequireIndustrialWorker, Int(CertificateWithinMonths, "证书取得时限", problems),
                regions.Length == 0 ? null : regions),
            new PersonLimits(OncePerOccupationAndLevel, OncePerDegreeLevel, Fen(YearlyCapYuan, "每人每年上限", problems)),
            amount,
            Lines(Documents, 2, "所需材料", problems).Select(c => new RequiredDocument(c[0], c[1])).ToList(),
            Enum.GetValues<ReviewLevel>().Where(l => Days(l).Length > 0)
                .Select(l => new ReviewStepRule(l, Int(Days(l), SubsidyNames.Of(l) + "的审核时限", problems) ?? 0)).ToList(),
            Int(CorrectionDays, "补正期限", problems) ?? 7);
        var quotas = new List<ManagePrograms.QuotaInput>();
        foreach (var (code, text) in QuotaYuan.Where(q => !string.IsNullOrWhiteSpace(q.Value)).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            var label = CountyLabel(code);
            if (!YunnanRegions.IsCounty(code))
            {
                problems.Add($"{label}不是云南省的县（市、区），不能设名额");
            }
            else if (Fen(text, $"{label}的名额", problems) is { } fen)
            {
                if (fen <= 0)
                {
                    problems.Add($"{label}的名额应大于 0；不设名额请留空");
                }
                else if (budget > 0 && fen > budget)
                {
                    problems.Add($"{label}的名额不能超过总预算");
                }
                else
                {
                    quotas.Add(new ManagePrograms.QuotaInput(code, fen));
                }
            }
        }

        return (opens, closes, budget, rules, quotas);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? NullIfBlank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static T Parse<T>(string? value, T fallback) where T : struct, Enum =>
        Enum.TryParse<T>(value, out var parsed) && Enum.IsDefined(parsed) ? parsed : fallback;

    private static DateOnly Date(string text, string what, List<string> problems)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{what}应为日期（如 2026-12-01）");
        return default;
    }

    /// <summary>元 with at most two decimals → 分; blank → null.</summary>
    private static long? Fen(string text, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Replace(",", "").Replace("，", "").Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)
            && yuan * 100 == decimal.Truncate(yuan * 100) && yuan < 100_000_000_000m)
        {
            return (long)(yuan * 100);
        }

        problems.Add($"{what}应为金额（元，最多两位小数）");
        return null;
    }

    private static int? Int(string text, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{what}应为整数");
        return null;
    }

    /// <summary>Non-blank lines split on commas (half- or full-width) into exactly <paramref name="columns"/> cells.</summary>
    private static List<string[]> Lines(string text, int columns, string what, List<string> problems)
    {
        var rows = new List<string[]>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split([',', '，'], StringSplitOptions.TrimEntries);
            if (cells.Length != columns || cells.Any(c => c.Length == 0))
            {
                problems.Add($"{what}第 {i + 1} 行应为 {columns} 项，用逗号分隔");
                continue;
            }

            rows.Add(cells);
        }

        return rows;
    }
}
