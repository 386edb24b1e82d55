using Changai.Domain.Common;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Training;

public enum CourseCategory
{
    /// <summary>技能提升</summary>
    SkillUpgrade,
    /// <summary>职业资格/技能等级证书培训</summary>
    CertificateTraining,
    /// <summary>学历提升</summary>
    EducationUpgrade,
    /// <summary>安全生产</summary>
    Safety,
    /// <summary>创业就业</summary>
    Entrepreneurship,
    Other,
}

public enum CourseStatus
{
    Draft,
    Published,
    Closed,
}

/// <summary>
/// A training course (培训课程) run by a union in the tree, with one or more sessions. Officers of the organising union and
/// the unions above it manage it; workers see it once published. Who may enrol is decided by <see cref="CourseEligibility"/>.
/// </summary>
public sealed class TrainingCourse
{
    public Guid Id { get; init; }

    public required string Title { get; set; }

    public CourseCategory Category { get; set; }

    /// <summary>职业（工种）the course trains for, e.g. 育婴员; the certificate recorded at the end defaults to it.</summary>
    public string? Occupation { get; set; }

    /// <summary>承办机构, e.g. 云南工匠学院 or an enterprise training centre.</summary>
    public required string Provider { get; set; }

    public Guid OrganizerUnionId { get; init; }

    /// <summary>Where the course is held, from the organising union: <c>53</c>, <c>5301</c>, <c>530111</c> (trailing zeros cut).</summary>
    public required string RegionCode { get; init; }

    public required string Description { get; set; }

    /// <summary>Only active members of a union inside the organiser's subtree may enrol.</summary>
    public bool MembersOnly { get; set; }

    /// <summary>Space-separated GB/T 2260 prefixes (<c>5301 530302</c>) where the worker must work; empty for anywhere.</summary>
    public string? EligibleRegionCodes { get; set; }

    /// <summary>Space-separated <see cref="EmploymentForm"/> names; empty for any.</summary>
    public string? EligibleEmploymentForms { get; set; }

    public CourseStatus Status { get; private set; }

    public Guid CreatedByOfficerId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? PublishedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public int Version { get; set; }

    public IReadOnlyList<string> Regions() => Split(EligibleRegionCodes);

    public IReadOnlyList<EmploymentForm> EmploymentForms() => Split(EligibleEmploymentForms).Select(Enum.Parse<EmploymentForm>).ToList();

    public void SetEligibility(IEnumerable<string>? regions, IEnumerable<EmploymentForm>? forms)
    {
        var regionList = (regions ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var formList = (forms ?? []).Distinct().Order().Select(f => f.ToString()).ToList();
        EligibleRegionCodes = regionList.Count == 0 ? null : string.Join(' ', regionList);
        EligibleEmploymentForms = formList.Count == 0 ? null : string.Join(' ', formList);
    }

    public void EnsureEditable()
    {
        if (Status == CourseStatus.Closed)
        {
            throw DomainException.Conflict("training.course_closed", "课程已结束报名（已关闭），不能再修改");
        }
    }

    public void Publish(int scheduledSessions, DateTime now)
    {
        if (Status != CourseStatus.Draft)
        {
            throw DomainException.Conflict("training.course_invalid_state", $"课程当前状态为“{TrainingNames.Of(Status)}”，不能发布");
        }

        if (scheduledSessions == 0)
        {
            throw new DomainException("training.course_without_sessions", "请至少添加一个培训班次后再发布");
        }

        Status = CourseStatus.Published;
        PublishedAt = now;
        UpdatedAt = now;
    }

    public void Close(DateTime now)
    {
        if (Status != CourseStatus.Published)
        {
            throw DomainException.Conflict("training.course_invalid_state", $"课程当前状态为“{TrainingNames.Of(Status)}”，只有已发布的课程可以关闭");
        }

        Status = CourseStatus.Closed;
        ClosedAt = now;
        UpdatedAt = now;
    }

    /// <summary><c>530000</c> → <c>53</c>, <c>530100</c> → <c>5301</c>, <c>530111</c> → <c>530111</c>.</summary>
    public static string RegionOf(Union union)
    {
        var code = union.RegionCode;
        while (code.Length > 2 && code.EndsWith("00", StringComparison.Ordinal))
        {
            code = code[..^2];
        }

        return code;
    }

    /// <summary>The prefixes of a region code that a course held there or above it could have: <c>530111</c> → 53, 5301, 530111.</summary>
    public static IReadOnlyList<string> RegionAndAbove(string regionCode) =>
        Enumerable.Range(1, regionCode.Length / 2).Select(n => regionCode[..(n * 2)]).ToList();

    private static string[] Split(string? value) => string.IsNullOrWhiteSpace(value) ? [] : value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class TrainingCourseMapping : IEntityTypeConfiguration<TrainingCourse>
{
    public void Configure(EntityTypeBuilder<TrainingCourse> e)
    {
        e.Property(x => x.Category).HasConversion<string>();
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.Status, x.RegionCode });
        e.HasIndex(x => x.OrganizerUnionId);
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.OrganizerUnionId).OnDelete(DeleteBehavior.Restrict);
    }
}
