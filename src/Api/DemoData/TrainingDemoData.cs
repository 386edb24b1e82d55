using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Changai.Domain.Training;

namespace Changai.Api.DemoData;

/// <summary>
/// A dozen published courses drawn from the seed bulletins (育婴员, 家政服务员, 茶艺师, 电商, 信息物流, 健康养老, 焊工, 滇菜,
/// 茶叶, 咖啡, 学历提升, 安全生产), run by unions in several prefectures, with sessions in the coming weeks.
/// </summary>
public static class TrainingDemoData
{
    private sealed record DemoSession(int InDays, int Hour, int Hours, string? Address, int Capacity, string? OnlineUrl = null);

    private sealed record DemoCourse(
        string Organizer, string Title, CourseCategory Category, string? Occupation, string Provider, string Description, DemoSession[] Sessions,
        bool MembersOnly = false, string[]? Regions = null, EmploymentForm[]? Forms = null);

    private static readonly DemoCourse[] Courses =
    [
        new("5301", "育婴员（五级）职业技能培训", CourseCategory.CertificateTraining, "育婴员", "昆明市职业技能培训中心",
            "面向有意从事育婴服务的职工和生态移民，讲授婴幼儿生活照料、保健与早期教育，结业参加育婴员五级技能等级认定，取得证书可申请技能提升补贴。",
            [new(7, 9, 6, "昆明市五华区人民中路职工服务中心三楼培训室", 40), new(8, 9, 6, "昆明市五华区人民中路职工服务中心三楼培训室", 40)],
            Regions: ["5301"]),
        new("53", "家政服务员（四级）等级认定培训", CourseCategory.CertificateTraining, "家政服务员", "云南工匠学院",
            "云南工匠学院开设的家政服务员中级工培训，含家居保洁、烹饪、老人与婴幼儿照护实操，培训合格后参加等级认定。",
            [new(10, 9, 7, "昆明市呈贡区云南工匠学院实训楼", 60)]),
        new("5308", "茶艺师（五级）培训班", CourseCategory.CertificateTraining, "茶艺师", "普洱市职业技能培训中心",
            "普洱茶文化、冲泡技艺与茶事服务，结业参加茶艺师五级技能等级认定。",
            [new(12, 9, 6, "普洱市思茅区茶城大道普洱茶职工培训基地", 30)]),
        new("530481", "电商运营与直播带货技能提升班", CourseCategory.SkillUpgrade, "电子商务师", "澄江市职业技能培训中心",
            "面向抚仙湖保护区生态移民和本地职工，学习网店运营、短视频与直播带货，助力农特产品线上销售。",
            [new(5, 14, 4, "澄江市职工服务中心二楼电商实训室", 50)], Regions: ["5304"]),
        new("533103", "信息物流（仓储配送）技能培训", CourseCategory.SkillUpgrade, "物流服务师", "德宏职业学院",
            "快递物流从业人员仓储管理、分拣配送和信息系统操作培训，新就业形态劳动者优先。",
            [new(9, 9, 6, "芒市快递物流园区职工之家", 40)], Forms: [EmploymentForm.NewEmploymentForm, EmploymentForm.LabourContract]),
        new("5303", "健康养老护理员培训", CourseCategory.CertificateTraining, "养老护理员", "曲靖市职业技能培训中心",
            "老年人生活照料、基础护理和康复服务，两天理论加实操，全部出勤方可结业参加认定。",
            [new(14, 9, 7, "曲靖市麒麟区职工服务中心培训室", 45), new(15, 9, 7, "曲靖市第一人民医院康复科实训基地", 45)]),
        new("530111001", "焊工（四级/中级工）技能提升培训", CourseCategory.CertificateTraining, "焊工", "云内动力职业技能培训中心",
            "企业职业技能培训中心组织的焊工中级工培训，本企业工会会员报名，结业参加技能等级认定。",
            [new(6, 8, 8, "昆明经开区云内动力焊接实训车间", 20)], MembersOnly: true, Forms: [EmploymentForm.LabourContract, EmploymentForm.Dispatched]),
        new("530481", "滇菜烹调（中式烹调师五级）培训", CourseCategory.CertificateTraining, "中式烹调师", "澄江希尔顿酒店培训部",
            "酒店厨师团队授课，滇菜经典菜品与食品安全，结业参加中式烹调师五级认定。",
            [new(11, 9, 6, "澄江希尔顿酒店后厨培训中心", 24)]),
        new("530802", "咖啡师技能培训（普洱咖啡）", CourseCategory.SkillUpgrade, "咖啡师", "思茅区职业技能培训中心",
            "普洱咖啡豆采收加工、烘焙与意式咖啡制作，面向咖啡种植加工企业职工。",
            [new(8, 9, 6, "普洱市思茅区咖啡产业园培训室", 30)]),
        new("530821", "茶叶加工工（普洱茶初制）培训", CourseCategory.SkillUpgrade, "茶叶加工工", "宁洱县茶叶技术推广站",
            "普洱茶鲜叶采摘标准、杀青揉捻和晒青毛茶初制工艺。",
            [new(13, 9, 6, "宁洱县勐先镇茶叶初制所", 50)]),
        new("5301", "学历提升（求学圆梦）政策宣讲与报名辅导", CourseCategory.EducationUpgrade, null, "昆明市总工会职工服务中心",
            "讲解职工学历提升资助政策、报考流程和材料准备，线上直播，可回看。",
            [new(3, 19, 2, null, 500, "https://live.ynzgh.example/qiuxueyuanmeng")]),
        new("5303JK002", "安全生产与职业健康培训", CourseCategory.Safety, null, "曲靖阳光能源硅材料有限公司安全环保部",
            "硅材料生产安全操作规程、危险化学品与粉尘防护、应急处置演练。",
            [new(2, 14, 3, "曲靖经开区阳光能源培训中心", 80)], MembersOnly: true),
    ];

    /// <summary>Adds the courses to the context (saved by the caller with the union tree they belong to).</summary>
    public static void Add(AppDbContext db, IReadOnlyDictionary<string, Union> unions, DateTime now)
    {
        var creator = db.Officers.Local.First(o => o.Username == "yn.sheng").Id;
        var today = ChinaTime.DateOf(now);
        foreach (var demo in Courses)
        {
            var organizer = unions[demo.Organizer];
            var course = new TrainingCourse
            {
                Id = Guid.CreateVersion7(), Title = demo.Title, Category = demo.Category, Occupation = demo.Occupation, Provider = demo.Provider,
                OrganizerUnionId = organizer.Id, RegionCode = TrainingCourse.RegionOf(organizer), Description = demo.Description,
                MembersOnly = demo.MembersOnly, CreatedByOfficerId = creator, CreatedAt = now, UpdatedAt = now,
            };
            course.SetEligibility(demo.Regions, demo.Forms);
            db.TrainingCourses.Add(course);
            var number = 0;
            foreach (var s in demo.Sessions)
            {
                var starts = new DateTimeOffset(today.AddDays(s.InDays).ToDateTime(new TimeOnly(s.Hour, 0)), TimeSpan.FromHours(8)).UtcDateTime;
                var session = new TrainingSession
                {
                    Id = Guid.CreateVersion7(), CourseId = course.Id, Title = $"第{++number}期", Address = s.Address, OnlineUrl = s.OnlineUrl,
                    Capacity = s.Capacity, CreatedAt = now, UpdatedAt = now,
                };
                session.Schedule(SessionTimes.WithDefaults(starts, starts.AddHours(s.Hours), now, starts.AddHours(-12), null, null, null, now));
                db.TrainingSessions.Add(session);
            }

            course.Publish(demo.Sessions.Length, now);
        }
    }
}
