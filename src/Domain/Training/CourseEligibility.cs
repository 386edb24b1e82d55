using Changai.Domain.Organizations;
using Changai.Domain.Profiles;

namespace Changai.Domain.Training;

/// <summary>What the eligibility rules need to know about a worker.</summary>
/// <param name="IsMemberUnderOrganizer">An active member of a union inside the organising union's subtree.</param>
public sealed record WorkerFacts(bool HasRealName, bool HasIdNumber, string? CountyCode, EmploymentForm? EmploymentForm, bool IsMemberUnderOrganizer);

/// <summary>Why a worker may not enrol, with a stable code and a sentence the worker can act on.</summary>
public sealed record Ineligibility(string Code, string Message);

public static class CourseEligibility
{
    /// <summary>Every reason the worker may not enrol in the course; none means eligible.</summary>
    public static IReadOnlyList<Ineligibility> Check(TrainingCourse course, WorkerFacts worker, string organizerName)
    {
        var reasons = new List<Ineligibility>();
        if (!worker.HasRealName || !worker.HasIdNumber)
        {
            reasons.Add(new("training.profile_incomplete", "报名培训需先在“我的资料”中填写真实姓名和身份证号（用于签到和发证）"));
        }

        if (course.MembersOnly && !worker.IsMemberUnderOrganizer)
        {
            reasons.Add(new("training.members_only", $"本课程仅限{organizerName}及下属工会的会员报名"));
        }

        var regions = course.Regions();
        if (regions.Count > 0)
        {
            if (worker.CountyCode is null)
            {
                reasons.Add(new("training.region_unknown", $"本课程面向在{RegionNames(regions)}工作的职工，请先在“我的资料”中填写工作所在县（市、区）"));
            }
            else if (!regions.Any(r => worker.CountyCode.StartsWith(r, StringComparison.Ordinal)))
            {
                reasons.Add(new("training.region_mismatch", $"本课程仅面向在{RegionNames(regions)}工作的职工"));
            }
        }

        var forms = course.EmploymentForms();
        if (forms.Count > 0)
        {
            if (worker.EmploymentForm is not { } form)
            {
                reasons.Add(new("training.employment_form_unknown", "请先在“我的资料”中填写用工形式"));
            }
            else if (!forms.Contains(form))
            {
                reasons.Add(new("training.employment_form_mismatch", $"本课程仅面向{string.Join("、", forms.Select(TrainingNames.Of))}的职工"));
            }
        }

        return reasons;
    }

    private static string RegionNames(IEnumerable<string> regions) => string.Join("、", regions.Select(r => r switch
    {
        YunnanRegions.ProvinceCode => "云南省",
        { Length: 4 } => YunnanRegions.PrefectureName(r) ?? r,
        _ => r,
    }));
}
