using Changai.Domain.Profiles;

namespace Changai.Domain.Training;

/// <summary>The Chinese a worker or officer reads for each state and category.</summary>
public static class TrainingNames
{
    public static string Of(CourseCategory category) => category switch
    {
        CourseCategory.SkillUpgrade => "技能提升",
        CourseCategory.CertificateTraining => "证书培训",
        CourseCategory.EducationUpgrade => "学历提升",
        CourseCategory.Safety => "安全生产",
        CourseCategory.Entrepreneurship => "创业就业",
        _ => "其他",
    };

    public static string Of(CourseStatus status) => status switch
    {
        CourseStatus.Draft => "草稿",
        CourseStatus.Published => "已发布",
        CourseStatus.Closed => "已关闭",
        _ => status.ToString(),
    };

    public static string Of(SessionStatus status) => status switch
    {
        SessionStatus.Scheduled => "正常",
        SessionStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static string Of(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Confirmed => "报名成功",
        EnrollmentStatus.Waitlisted => "候补中",
        EnrollmentStatus.Offered => "候补转正待确认",
        EnrollmentStatus.CheckedIn => "已签到",
        EnrollmentStatus.NoShow => "未到",
        EnrollmentStatus.Cancelled => "已取消",
        EnrollmentStatus.OfferExpired => "候补转正已过期",
        EnrollmentStatus.SessionCancelled => "班次已取消",
        _ => status.ToString(),
    };

    public static string Of(CheckInMethod method) => method == CheckInMethod.QrCode ? "扫码签到" : "工作人员补签";

    public static string Of(EmploymentForm form) => form switch
    {
        EmploymentForm.LabourContract => "签订劳动合同",
        EmploymentForm.Dispatched => "劳务派遣",
        EmploymentForm.NewEmploymentForm => "新就业形态",
        EmploymentForm.SelfEmployed => "个体经营、灵活就业",
        _ => form.ToString(),
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
        SkillLevel.SpecialAbility => "专项职业能力",
        _ => "无",
    };
}
