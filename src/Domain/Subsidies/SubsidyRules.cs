using System.Text.Json;
using System.Text.Json.Serialization;
using Changai.Domain.Profiles;

namespace Changai.Domain.Subsidies;

public enum SubsidyKind
{
    /// <summary>技能提升补贴（按取得的证书）</summary>
    SkillCertificate,
    /// <summary>学历提升资助</summary>
    EducationAid,
    /// <summary>技能提升资助</summary>
    SkillAid,
    /// <summary>困难职工帮扶</summary>
    HardshipAid,
}

/// <summary>How approved applications are funded when demand exceeds the budget.</summary>
public enum AllocationMode
{
    /// <summary>先到先得：终审通过时即占用预算，预算或名额用尽即停止。</summary>
    FirstComeFirstServed,
    /// <summary>抽签：终审通过的申请待抽签，按事先公布哈希的种子确定中签者。</summary>
    Lottery,
}

/// <summary>A level of the review chain, matched against the applicant's ancestry in the union tree.</summary>
public enum ReviewLevel
{
    /// <summary>基层工会（申请人所在的单位、区域性或行业工会）</summary>
    Grassroots,
    /// <summary>县（市、区）总工会</summary>
    County,
    /// <summary>州（市）总工会</summary>
    City,
    /// <summary>省总工会</summary>
    Province,
}

public enum AmountRuleKind
{
    /// <summary>按证书等级定额</summary>
    LevelTable,
    /// <summary>按学费比例，设上限</summary>
    TuitionShare,
    /// <summary>按困难程度分档定额</summary>
    HardshipTiers,
}

public enum DegreeLevel
{
    /// <summary>中专（中职）</summary>
    Secondary,
    /// <summary>大专</summary>
    JuniorCollege,
    /// <summary>本科</summary>
    Bachelor,
    /// <summary>研究生</summary>
    Postgraduate,
}

public sealed record EligibilityRules(
    int MinMembershipMonths = 0,
    bool RequireIndustrialWorker = false,
    int? CertificateWithinMonths = null,
    IReadOnlyList<string>? RegionCodes = null);

public sealed record PersonLimits(bool OncePerOccupationAndLevel = false, bool OncePerDegreeLevel = false, long? YearlyCapFen = null);

public sealed record LevelAmount(SkillLevel Level, long AmountFen);

public sealed record HardshipTier(string Code, string Name, long AmountFen);

public sealed record AmountRule(
    AmountRuleKind Kind,
    IReadOnlyList<LevelAmount>? LevelTable = null,
    int? TuitionSharePercent = null,
    long? TuitionCapFen = null,
    IReadOnlyList<HardshipTier>? HardshipTiers = null);

public sealed record RequiredDocument(string Code, string Name);

public sealed record ReviewStepRule(ReviewLevel Level, int DeadlineDays);

/// <summary>Everything a programme decides about who may apply, for how much, with what, and who reviews.</summary>
public sealed record SubsidyRules(
    EligibilityRules Eligibility,
    PersonLimits Limits,
    AmountRule Amount,
    IReadOnlyList<RequiredDocument> Documents,
    IReadOnlyList<ReviewStepRule> ReviewChain,
    int CorrectionDays = 7)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public bool NeedsCertificate => Amount.Kind == AmountRuleKind.LevelTable;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SubsidyRules FromJson(string json) => JsonSerializer.Deserialize<SubsidyRules>(json, Json)!;

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    internal static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;
}

public static class SubsidyNames
{
    public static string Of(SubsidyKind kind) => kind switch
    {
        SubsidyKind.SkillCertificate => "技能提升补贴",
        SubsidyKind.EducationAid => "学历提升资助",
        SubsidyKind.SkillAid => "技能提升资助",
        SubsidyKind.HardshipAid => "困难职工帮扶",
        _ => kind.ToString(),
    };

    public static string Of(ReviewLevel level) => level switch
    {
        ReviewLevel.Grassroots => "基层工会",
        ReviewLevel.County => "县（市、区）总工会",
        ReviewLevel.City => "州（市）总工会",
        ReviewLevel.Province => "省总工会",
        _ => level.ToString(),
    };

    public static string Of(SkillLevel level) => level switch
    {
        SkillLevel.Level5 => "五级/初级工",
        SkillLevel.Level4 => "四级/中级工",
        SkillLevel.Level3 => "三级/高级工",
        SkillLevel.Level2 => "二级/技师",
        SkillLevel.Level1 => "一级/高级技师",
        SkillLevel.PrincipalTechnician => "特级技师",
        SkillLevel.ChiefTechnician => "首席技师",
        SkillLevel.SpecialAbility => "专项职业能力证书",
        _ => "无等级",
    };

    public static string Of(DegreeLevel level) => level switch
    {
        DegreeLevel.Secondary => "中专",
        DegreeLevel.JuniorCollege => "大专",
        DegreeLevel.Bachelor => "本科",
        DegreeLevel.Postgraduate => "研究生",
        _ => level.ToString(),
    };
}

/// <summary>Amounts are whole fen (分) everywhere; this is how a person reads them.</summary>
public static class Money
{
    public static string Format(long fen) =>
        (fen / 100m).ToString(fen % 100 == 0 ? "#,0" : "#,0.00", System.Globalization.CultureInfo.InvariantCulture) + "元";
}
