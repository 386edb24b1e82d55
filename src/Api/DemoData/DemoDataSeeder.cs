using Changai.Api.Identity;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.DemoData;

/// <summary>
/// Demo data for the embedded default: Yunnan's union tree (province, the 16 prefecture unions, county unions and the
/// enterprises named in the seed bulletins, regional unions for new-employment-form workers) and officer accounts at each
/// level. Runs once on an empty database; never in Production (ProductionChecks).
/// </summary>
public sealed class DemoDataSeeder(AppDbContext db, TimeProvider time, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoDataSeeder> logger)
{
    public const string DefaultPassword = "Demo@2026yn";

    private static readonly (string Parent, string Code, string Name, string Region)[] Counties =
    [
        ("5301", "530102", "五华区总工会", "530102"), ("5301", "530111", "官渡区总工会", "530111"), ("5301", "530181", "安宁市总工会", "530181"),
        ("5303", "530302", "麒麟区总工会", "530302"), ("5303", "530322", "陆良县总工会", "530322"), ("5303", "530323", "师宗县总工会", "530323"),
        // 曲靖经济技术开发区 is an economic zone, not a GB/T 2260 division: its own union code, its territory in 麒麟区.
        ("5303", "5303JK", "曲靖经济技术开发区工会工作委员会", "530302"),
        ("5304", "530481", "澄江市总工会", "530481"),
        ("5308", "530802", "思茅区总工会", "530802"), ("5308", "530821", "宁洱哈尼族彝族自治县总工会", "530821"), ("5308", "530824", "景谷傣族彝族自治县总工会", "530824"),
        ("5331", "533103", "芒市总工会", "533103"),
    ];

    private static readonly (string Parent, string Code, string Name, UnionKind Kind, string Region, string Address)[] MemberUnions =
    [
        ("530111", "530111001", "云南云内动力集团有限公司工会", UnionKind.Grassroots, "530111", "昆明市经济技术开发区"),
        ("530111", "530111002", "一心堂药业集团股份有限公司工会", UnionKind.Grassroots, "530111", "昆明市经济技术开发区"),
        ("530102", "530102001", "中国铁路昆明局集团有限公司昆明车务段工会", UnionKind.Grassroots, "530102", "昆明市五华区"),
        ("530481", "530481001", "澄江希尔顿酒店工会", UnionKind.Grassroots, "530481", "玉溪市澄江市"),
        ("5303JK", "5303JK001", "曲靖浩祥服饰有限公司工会", UnionKind.Grassroots, "530302", "曲靖经济技术开发区"),
        ("5303JK", "5303JK002", "曲靖阳光能源硅材料有限公司工会", UnionKind.Grassroots, "530302", "曲靖经济技术开发区"),
        ("5301", "5301XJY01", "昆明市新就业形态劳动者联合工会", UnionKind.Regional, "530100", "昆明市"),
        ("5303", "5303HC01", "曲靖市货车司机联合工会", UnionKind.Industry, "530300", "曲靖市"),
        ("533103", "533103KD1", "芒市快递物流行业联合工会", UnionKind.Industry, "533103", "德宏州芒市"),
        ("530802", "530802QY1", "思茅区区域性联合工会", UnionKind.Regional, "530802", "普洱市思茅区"),
    ];

    private static readonly (string Username, string Name, string UnionCode, OfficerPermissions Permissions)[] Officers =
    [
        ("yn.sheng", "省总工会 管理员", "53", OfficerPermissions.All | OfficerPermissions.ManageJobs),
        ("km.shi", "昆明市总工会 审核员", "5301", OfficerPermissions.All),
        ("qj.shi", "曲靖市总工会 审核员", "5303", OfficerPermissions.All),
        ("yx.shi", "玉溪市总工会 审核员", "5304", OfficerPermissions.All),
        ("pe.shi", "普洱市总工会 审核员", "5308", OfficerPermissions.All),
        ("dh.zhou", "德宏州总工会 审核员", "5331", OfficerPermissions.All),
        ("km.guandu", "官渡区总工会 审核员", "530111", OfficerPermissions.ReviewMembership | OfficerPermissions.ReviewSubsidies | OfficerPermissions.ManageTraining),
        ("km.wuhua", "五华区总工会 审核员", "530102", OfficerPermissions.ReviewMembership | OfficerPermissions.ReviewSubsidies),
        ("qj.qilin", "麒麟区总工会 审核员", "530302", OfficerPermissions.ReviewMembership | OfficerPermissions.ReviewSubsidies),
        ("yunnei.gh", "云内动力工会 干事", "530111001", OfficerPermissions.ReviewMembership | OfficerPermissions.ManageTraining),
        ("km.xjy", "昆明市新就业形态联合工会 干事", "5301XJY01", OfficerPermissions.ReviewMembership),
        ("km.quiz", "昆明市总工会 宣教部（只管竞答）", "5301", OfficerPermissions.ManageQuiz),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var password = configuration["DemoData:OfficerPassword"] is { Length: > 0 } configured ? configured : DefaultPassword;
        if (await db.Unions.AnyAsync(ct))
        {
            PrintAccounts(password);
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var byCode = new Dictionary<string, Union>();
        Union Add(string? parentCode, string code, string name, UnionKind kind, string region, string prefecture, bool accepts, string? address = null)
        {
            var parent = parentCode is null ? null : byCode[parentCode];
            var union = new Union
            {
                Id = Guid.CreateVersion7(), Code = code, Name = name, Kind = kind, ParentId = parent?.Id,
                Path = Union.ChildPath(parent?.Path ?? "/", code), Depth = (parent?.Depth ?? -1) + 1,
                RegionCode = region, PrefectureCode = prefecture, AcceptsMembers = accepts, Address = address, CreatedAt = now,
            };
            byCode[code] = union;
            db.Unions.Add(union);
            return union;
        }

        Add(null, YunnanRegions.ProvinceCode, "云南省总工会", UnionKind.Province, "530000", YunnanRegions.ProvinceCode, false, "昆明市");
        foreach (var (code, name) in YunnanRegions.Prefectures)
        {
            Add(YunnanRegions.ProvinceCode, code, name + "总工会", UnionKind.Prefecture, code + "00", code, false);
        }

        foreach (var (parent, code, name, region) in Counties)
        {
            Add(parent, code, name, UnionKind.County, region, byCode[parent].PrefectureCode, false);
        }

        foreach (var (parent, code, name, kind, region, address) in MemberUnions)
        {
            Add(parent, code, name, kind, region, byCode[parent].PrefectureCode, true, address);
        }

        foreach (var (username, name, unionCode, permissions) in Officers)
        {
            var officer = new Officer
            {
                Id = Guid.CreateVersion7(), Username = username, DisplayName = name, PasswordHash = "", UnionId = byCode[unionCode].Id,
                Permissions = permissions, CreatedAt = now,
            };
            officer.PasswordHash = OfficerLogin.HashPassword(officer, password);
            db.Officers.Add(officer);
        }

        TrainingDemoData.Add(db, byCode, now);
        await db.SaveChangesAsync(ct);
        await MembershipDemoData.SeedAsync(db, configuration, now, ct);
        await SubsidyDemoData.SeedAsync(db, now, password, ct);
        await new QuizDemoData(db, configuration, time).SeedAsync(ct);
        logger.LogInformation("Demo data seeded: {Unions} unions, {Officers} officers", byCode.Count, Officers.Length);
        PrintAccounts(password);
    }

    /// <summary>Development only: the demo accounts and their shared password, so a newcomer can log in at once.</summary>
    private void PrintAccounts(string password)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        Console.WriteLine("演示工会干部账号（仅开发环境显示），密码均为：" + password);
        foreach (var (username, name, _, _) in Officers)
        {
            Console.WriteLine($"  {username,-12} {name}");
        }
    }
}
