using Changai.Domain.Profiles;
using Changai.Domain.Training;

namespace Changai.Domain.Tests.Training;

public sealed class CourseEligibilityTests
{
    private static readonly WorkerFacts Complete = new(true, true, "530111", EmploymentForm.LabourContract, IsMemberUnderOrganizer: false);

    private static TrainingCourse Course(bool membersOnly = false, string[]? regions = null, EmploymentForm[]? forms = null)
    {
        var course = new TrainingCourse
        {
            Title = "焊工（四级）技能提升培训", Provider = "云内动力职业技能培训中心", RegionCode = "530111", Description = "焊工中级工培训",
            MembersOnly = membersOnly,
        };
        course.SetEligibility(regions, forms);
        return course;
    }

    private static IReadOnlyList<string> Codes(TrainingCourse course, WorkerFacts worker) =>
        CourseEligibility.Check(course, worker, "云内动力工会").Select(r => r.Code).ToList();

    [Fact]
    public void An_open_course_takes_any_worker_with_a_name_and_id_number()
    {
        Assert.Empty(Codes(Course(), Complete));
        Assert.Equal(["training.profile_incomplete"], Codes(Course(), Complete with { HasIdNumber = false }));
        Assert.Equal(["training.profile_incomplete"], Codes(Course(), Complete with { HasRealName = false }));
    }

    [Fact]
    public void A_members_only_course_wants_a_member_under_the_organising_union_and_says_whose()
    {
        var course = Course(membersOnly: true);
        var reason = Assert.Single(CourseEligibility.Check(course, Complete, "云内动力工会"));
        Assert.Equal("training.members_only", reason.Code);
        Assert.Contains("云内动力工会", reason.Message);
        Assert.Empty(Codes(course, Complete with { IsMemberUnderOrganizer = true }));
    }

    [Fact]
    public void Regions_match_by_prefix_and_are_named_in_chinese()
    {
        var course = Course(regions: ["5301", "530302"]);
        Assert.Empty(Codes(course, Complete));                                   // 官渡区 is in 昆明
        Assert.Empty(Codes(course, Complete with { CountyCode = "530302" }));     // 麒麟区 listed itself
        var reason = Assert.Single(CourseEligibility.Check(course, Complete with { CountyCode = "530322" }, "x"));
        Assert.Equal("training.region_mismatch", reason.Code);
        Assert.Contains("昆明市", reason.Message);
        Assert.Equal(["training.region_unknown"], Codes(course, Complete with { CountyCode = null }));
    }

    [Fact]
    public void Employment_forms_restrict_and_an_unknown_form_asks_for_the_profile()
    {
        var course = Course(forms: [EmploymentForm.NewEmploymentForm]);
        var reason = Assert.Single(CourseEligibility.Check(course, Complete, "x"));
        Assert.Equal("training.employment_form_mismatch", reason.Code);
        Assert.Contains("新就业形态", reason.Message);
        Assert.Empty(Codes(course, Complete with { EmploymentForm = EmploymentForm.NewEmploymentForm }));
        Assert.Equal(["training.employment_form_unknown"], Codes(course, Complete with { EmploymentForm = null }));
    }

    [Fact]
    public void Every_reason_is_listed_at_once()
    {
        var course = Course(membersOnly: true, regions: ["5303"], forms: [EmploymentForm.SelfEmployed]);
        Assert.Equal(
            ["training.profile_incomplete", "training.members_only", "training.region_mismatch", "training.employment_form_mismatch"],
            Codes(course, Complete with { HasIdNumber = false }));
    }

    [Fact]
    public void Eligibility_lists_are_stored_sorted_without_duplicates()
    {
        var course = Course(regions: ["5303", " 5301", "5303"], forms: [EmploymentForm.SelfEmployed, EmploymentForm.LabourContract]);
        Assert.Equal("5301 5303", course.EligibleRegionCodes);
        Assert.Equal([EmploymentForm.LabourContract, EmploymentForm.SelfEmployed], course.EmploymentForms());
        course.SetEligibility([], null);
        Assert.Null(course.EligibleRegionCodes);
        Assert.Null(course.EligibleEmploymentForms);
    }
}
