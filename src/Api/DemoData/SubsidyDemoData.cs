using Changai.Api.Identity;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.DemoData;

/// <summary>
/// Demo subsidy programmes: Kunming's skill-certificate subsidy paid by certificate level within 700–6000 yuan (seed 001,
/// 8.87亿 fund), the province's education aid for outstanding front-line workers (求学圆梦, drawn by lot when over-subscribed)
/// and Kunming's hardship aid; plus a grassroots subsidy clerk at 云内动力 so that the first review level has someone.
/// </summary>
public static class SubsidyDemoData
{
    public const string GrassrootsReviewer = "yunnei.bz";

    public static async Task SeedAsync(AppDbContext db, DateTime now, string password, CancellationToken ct)
    {
        var unions = await db.Unions.Where(u => u.Code == "53" || u.Code == "5301" || u.Code == "530111001").ToDictionaryAsync(u => u.Code, ct);
        var admin = await db.Officers.Where(o => o.Username == "km.shi").Select(o => o.Id).SingleAsync(ct);
        var clerk = new Officer
        {
            Id = Guid.CreateVersion7(), Username = GrassrootsReviewer, DisplayName = "云内动力工会 补贴经办", PasswordHash = "", UnionId = unions["530111001"].Id,
            Permissions = OfficerPermissions.ReviewSubsidies, CreatedAt = now,
        };
        clerk.PasswordHash = OfficerLogin.HashPassword(clerk, password);
        db.Officers.Add(clerk);

        var year = Domain.Common.ChinaTime.DateOf(now).Year;
        var opens = new DateOnly(year, 1, 1);
        var closes = new DateOnly(year, 12, 31);
        var skill = Programme("昆明市职工技能提升补贴", SubsidyKind.SkillCertificate, unions["5301"].Id, admin, opens, closes, 5_000_000_00, AllocationMode.FirstComeFirstServed, now,
            "职工取得职业技能等级证书或专项职业能力证书后 12 个月内，按证书等级申请补贴（700—6000 元）。",
            new SubsidyRules(
                new EligibilityRules(MinMembershipMonths: 3, RequireIndustrialWorker: true, CertificateWithinMonths: 12, RegionCodes: ["5301"]),
                new PersonLimits(OncePerOccupationAndLevel: true, YearlyCapFen: 6000_00),
                new AmountRule(AmountRuleKind.LevelTable, LevelTable:
                [
                    new LevelAmount(SkillLevel.SpecialAbility, 700_00), new LevelAmount(SkillLevel.Level5, 1000_00), new LevelAmount(SkillLevel.Level4, 1500_00),
                    new LevelAmount(SkillLevel.Level3, 2000_00), new LevelAmount(SkillLevel.Level2, 3500_00), new LevelAmount(SkillLevel.Level1, 6000_00),
                ]),
                [new RequiredDocument("certificate", "职业技能等级证书（照片或扫描件）")],
                [new ReviewStepRule(ReviewLevel.Grassroots, 5), new ReviewStepRule(ReviewLevel.County, 5), new ReviewStepRule(ReviewLevel.City, 10)]));
        var education = Programme("优秀一线职工学历提升资助（求学圆梦）", SubsidyKind.EducationAid, unions["53"].Id, admin, opens, closes, 1_000_000_00, AllocationMode.Lottery, now,
            "资助优秀一线职工提升学历：按实际缴纳学费的 50% 资助，最高 3000 元；同一学历层次限资助一次；申请超过预算时公开抽签。",
            new SubsidyRules(
                new EligibilityRules(MinMembershipMonths: 12, RequireIndustrialWorker: true),
                new PersonLimits(OncePerDegreeLevel: true),
                new AmountRule(AmountRuleKind.TuitionShare, TuitionSharePercent: 50, TuitionCapFen: 3000_00),
                [new RequiredDocument("admission", "录取通知书或学籍证明"), new RequiredDocument("tuition-receipt", "学费发票")],
                [new ReviewStepRule(ReviewLevel.Grassroots, 5), new ReviewStepRule(ReviewLevel.City, 10), new ReviewStepRule(ReviewLevel.Province, 15)]));
        var hardship = Programme("昆明市困难职工帮扶", SubsidyKind.HardshipAid, unions["5301"].Id, admin, opens, closes, 2_000_000_00, AllocationMode.FirstComeFirstServed, now,
            "会员因病、因灾或家庭变故生活困难的，按困难类别给予一次性帮扶。",
            new SubsidyRules(
                new EligibilityRules(MinMembershipMonths: 0, RegionCodes: ["5301"]),
                new PersonLimits(YearlyCapFen: 5000_00),
                new AmountRule(AmountRuleKind.HardshipTiers, HardshipTiers:
                [
                    new HardshipTier("general", "一般困难", 1000_00), new HardshipTier("disaster", "突发灾害", 2000_00), new HardshipTier("illness", "重大疾病", 5000_00),
                ]),
                [new RequiredDocument("proof", "困难情况证明（诊断书、受灾证明等）")],
                [new ReviewStepRule(ReviewLevel.County, 5), new ReviewStepRule(ReviewLevel.City, 10)]));
        db.SubsidyPrograms.AddRange(skill, education, hardship);
        db.SubsidyQuotas.AddRange(
            new SubsidyQuota { Id = Guid.CreateVersion7(), ProgramId = skill.Id, CountyCode = "530111", QuotaFen = 2_000_000_00 },
            new SubsidyQuota { Id = Guid.CreateVersion7(), ProgramId = skill.Id, CountyCode = "530102", QuotaFen = 1_000_000_00 });
        await db.SaveChangesAsync(ct);
    }

    private static SubsidyProgram Programme(
        string name, SubsidyKind kind, Guid ownerId, Guid officerId, DateOnly opens, DateOnly closes, long budgetFen, AllocationMode allocation, DateTime now,
        string description, SubsidyRules rules)
    {
        SubsidyProgram.EnsureValid(kind, rules, opens, closes, budgetFen);
        var seed = allocation == AllocationMode.Lottery ? SubsidyLottery.NewSeed() : null;
        return new SubsidyProgram
        {
            Id = Guid.CreateVersion7(), Name = name, Kind = kind, OwnerUnionId = ownerId, Description = description, OpensOn = opens, ClosesOn = closes,
            BudgetFen = budgetFen, Allocation = allocation, RulesJson = rules.ToJson(), LotterySeed = seed, LotterySeedHash = seed is null ? null : SubsidyLottery.Hash(seed),
            CreatedByOfficerId = officerId, CreatedAt = now, UpdatedAt = now,
        };
    }
}
