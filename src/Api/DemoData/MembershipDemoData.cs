using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.DemoData;

/// <summary>
/// Sample membership activity for the embedded default (<c>DemoData:SampleActivity</c>), so the officer console has figures
/// to show: about 260 workers registered in the counties of the demo tree, most of them members who joined over the past
/// 14 months, and a review queue whose applications have waited from a few hours to several weeks. Deterministic (fixed
/// seed); personal data is made up but well-formed (valid ID check characters) and stored encrypted like real data.
/// </summary>
public static class MembershipDemoData
{
    private static readonly string[] Surnames = ["李", "王", "张", "刘", "杨", "赵", "陈", "周", "段", "字", "普", "罗", "和", "施", "岩", "刀"];
    private static readonly string[] GivenNames = ["建华", "秀英", "志强", "丽娟", "国庆", "春梅", "海涛", "玉兰", "明辉", "金凤", "德才", "云飞", "小燕", "正兴", "树林", "慧敏"];
    private static readonly string[] Occupations = ["装配钳工", "焊工", "快递员", "网约配送员", "货车司机", "茶艺师", "育婴员", "电工", "数控车工", "家政服务员"];

    public static async Task SeedAsync(AppDbContext db, IConfiguration configuration, DateTime now, CancellationToken ct)
    {
        if (!configuration.GetValue<bool>("DemoData:SampleActivity") || await db.Workers.AnyAsync(ct))
        {
            return;
        }

        var protector = new FieldProtector(configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>() ?? new PersonalDataOptions());
        var random = new Random(2026);
        var unions = await db.Unions.ToListAsync(ct);
        var reviewer = await db.Officers.Where(o => o.Username == "yn.sheng").Select(o => o.Id).SingleAsync(ct);
        // Where workers live (county code) and which unions take them there.
        var places = unions.Where(u => u.Kind == UnionKind.County && u.Code == u.RegionCode)
            .Select(county => (County: county.RegionCode, Takers: unions.Where(u => u.AcceptsMembers && u.Path.StartsWith(
                u.Kind == UnionKind.Grassroots ? county.Path : unions.Single(p => p.Kind == UnionKind.Prefecture && p.PrefectureCode == county.PrefectureCode).Path,
                StringComparison.Ordinal)).ToList()))
            .Where(p => p.Takers.Count > 0)
            .ToList();

        for (var n = 0; n < 260; n++)
        {
            var (county, takers) = places[n % 3 == 0 ? 0 : random.Next(places.Count)];
            var union = takers[random.Next(takers.Count)];
            var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
            var birth = new DateOnly(1970, 1, 1).AddDays(random.Next(0, 365 * 32));
            var first17 = county + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            var idNumber = first17 + IdNumber.CheckCharacter(first17);
            var phone = "13" + random.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var registered = now.AddDays(-random.Next(1, 430)).AddMinutes(-random.Next(0, 600));
            var worker = new Worker
            {
                Id = Guid.CreateVersion7(), OpenId = $"demo-openid-{n:D4}", CreatedAt = registered, LastLoginAt = registered, RealName = name,
                IdNumberCipher = protector.Protect(idNumber), IdNumberHash = protector.LookupHash(idNumber), BirthDate = birth,
                PhoneCipher = protector.Protect(phone), PhoneHash = protector.LookupHash(phone), PhoneVerifiedAt = registered,
                Employer = union.Kind == UnionKind.Grassroots ? union.Name.Replace("工会", "", StringComparison.Ordinal) : null,
                IndustrySection = "C", Occupation = Occupations[random.Next(Occupations.Length)], CountyCode = county, UpdatedAt = registered,
            };
            db.Workers.Add(worker);

            // Three in four registered workers apply; of those, most were approved a few days after applying.
            var roll = random.NextDouble();
            if (roll > 0.75)
            {
                continue;
            }

            var submitted = roll < 0.09 ? now.AddHours(-random.Next(2, 24 * 40)) : registered.AddDays(random.Next(0, 5));
            var application = new MembershipApplication
            {
                Id = Guid.CreateVersion7(), WorkerId = worker.Id, UnionId = union.Id,
                Channel = union.Kind == UnionKind.Grassroots ? JoinChannel.EmployerUnion : JoinChannel.RegionalUnion,
                ApplicantName = name, IdNumberCipher = worker.IdNumberCipher, IdNumberHash = worker.IdNumberHash, PhoneCipher = worker.PhoneCipher,
                PhoneHash = worker.PhoneHash, Employer = worker.Employer, Occupation = worker.Occupation, CreatedAt = submitted, SubmittedAt = submitted,
            };
            db.MembershipApplications.Add(application);
            db.Record(submitted, AuditTrail.Worker, worker.Id, nameof(MembershipApplication), application.Id, "membership.application.submitted",
                to: nameof(ApplicationStatus.Submitted), unionId: union.Id);
            if (roll < 0.09)
            {
                continue; // still waiting in the queue
            }

            var decided = submitted.AddDays(random.Next(1, 9)).AddHours(random.Next(1, 8));
            if (decided > now)
            {
                decided = now.AddHours(-1);
            }

            if (roll > 0.72)
            {
                application.Reject(reviewer, "非本单位职工，请通过区域性工会申请", decided);
                db.Record(decided, AuditTrail.Officer, reviewer, nameof(MembershipApplication), application.Id, "membership.application.rejected",
                    nameof(ApplicationStatus.Submitted), nameof(ApplicationStatus.Rejected), application.ReviewComment, union.Id);
                continue;
            }

            var member = Member.Create(Guid.CreateVersion7(), worker.Id, union, Domain.Common.ChinaTime.DateOf(decided), union.NextMemberSequence++,
                worker.IdNumberHash!, worker.PhoneHash!, decided);
            application.Approve(reviewer, member.Id, decided);
            db.Members.Add(member);
            db.Record(decided, AuditTrail.Officer, reviewer, nameof(MembershipApplication), application.Id, "membership.application.approved",
                nameof(ApplicationStatus.Submitted), nameof(ApplicationStatus.Approved), null, union.Id);
        }

        await db.SaveChangesAsync(ct);
    }
}
