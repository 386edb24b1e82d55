using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>Published courses as a worker finds them on the phone, each saying whether this worker may enrol and why not.</summary>
public static class BrowseCourses
{
    public sealed record Query(CourseCategory? Category, string? RegionCode, string? Keyword, int Page = 1, int PageSize = 20);

    public sealed record Item(
        Guid Id, string Title, CourseCategory Category, string CategoryText, string? Occupation, string Provider, UnionRef Organizer,
        string RegionCode, int SessionCount, DateTime? NextSessionStartsAt, int SeatsLeft, bool Eligible, IReadOnlyList<Ineligibility> IneligibleReasons);

    public sealed record MyPlace(Guid Id, EnrollmentStatus Status, string StatusText, int? WaitlistPosition, DateTime? OfferExpiresAt);

    public sealed record SessionView(
        Guid Id, string Title, DateTime StartsAt, DateTime EndsAt, string? Address, double? Latitude, double? Longitude, string? OnlineUrl,
        int Capacity, int SeatsLeft, int Waitlisted, DateTime EnrollmentOpensAt, DateTime EnrollmentClosesAt, DateTime CancellationDeadline,
        DateTime CheckInOpensAt, DateTime CheckInClosesAt, SessionStatus Status, string StatusText, bool EnrollmentOpen, MyPlace? MyEnrollment);

    public sealed record Detail(
        Guid Id, string Title, CourseCategory Category, string CategoryText, string? Occupation, string Provider, UnionRef Organizer,
        string Description, bool MembersOnly, IReadOnlyList<string> EligibleRegionCodes, IReadOnlyList<EmploymentForm> EligibleEmploymentForms,
        bool Eligible, IReadOnlyList<Ineligibility> IneligibleReasons, IReadOnlyList<SessionView> Sessions);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Category).IsInEnum().WithName("类别");
            RuleFor(q => q.RegionCode).Matches(@"^\d{2}(\d{2}){0,2}$").When(q => q.RegionCode is not null)
                .WithMessage("地区代码应为 2、4 或 6 位数字，如 5301（昆明市）").WithName("地区");
            RuleFor(q => q.Keyword).MaximumLength(30).WithName("关键词");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 50).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<Item>>> List([AsParameters] Query query, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var worker = await TrainingLookups.WorkerAsync(db, http.User.UserId(), ct);
        var courses = db.TrainingCourses.AsNoTracking().Where(c => c.Status == CourseStatus.Published);
        if (query.Category is { } category)
        {
            courses = courses.Where(c => c.Category == category);
        }

        if (query.RegionCode is { } region)
        {
            // Courses held in the region, and those held by unions above it (a provincial course is open to Kunming too).
            var above = TrainingCourse.RegionAndAbove(region);
            courses = courses.Where(c => c.RegionCode.StartsWith(region) || above.Contains(c.RegionCode));
        }

        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var keyword = query.Keyword.Trim();
            courses = courses.Where(c => c.Title.Contains(keyword) || (c.Occupation != null && c.Occupation.Contains(keyword)) || c.Provider.Contains(keyword));
        }

        var total = await courses.CountAsync(ct);
        var sessions = db.TrainingSessions.Where(s => s.Status == SessionStatus.Scheduled);
        var rows = await courses
            .Select(c => new
            {
                Course = c,
                OrganizerName = db.Unions.Where(u => u.Id == c.OrganizerUnionId).Select(u => u.Name).Single(),
                OrganizerPath = db.Unions.Where(u => u.Id == c.OrganizerUnionId).Select(u => u.Path).Single(),
                SessionCount = sessions.Count(s => s.CourseId == c.Id),
                Next = sessions.Where(s => s.CourseId == c.Id && s.StartsAt > now).Min(s => (DateTime?)s.StartsAt),
                SeatsLeft = sessions.Where(s => s.CourseId == c.Id && s.StartsAt > now).Sum(s => (int?)(s.Capacity - s.SeatsTaken)),
            })
            // Courses with a session still to come first, soonest first.
            .OrderBy(x => x.Next == null).ThenBy(x => x.Next).ThenByDescending(x => x.Course.PublishedAt).ThenBy(x => x.Course.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var reasons = CourseEligibility.Check(r.Course, worker.FactsFor(r.OrganizerPath), r.OrganizerName);
            return new Item(
                r.Course.Id, r.Course.Title, r.Course.Category, TrainingNames.Of(r.Course.Category), r.Course.Occupation, r.Course.Provider,
                new UnionRef(r.Course.OrganizerUnionId, r.OrganizerName), r.Course.RegionCode, r.SessionCount, r.Next, r.SeatsLeft ?? 0,
                reasons.Count == 0, reasons);
        }).ToList();
        return TypedResults.Ok(new PagedResult<Item>(items, query.Page, query.PageSize, total));
    }

    public static async Task<Ok<Detail>> Get(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var workerId = http.User.UserId();
        var found = await db.TrainingCourses.AsNoTracking().Where(c => c.Id == id && c.Status != CourseStatus.Draft)
            .Select(c => new { Course = c, Organizer = db.Unions.Single(u => u.Id == c.OrganizerUnionId) })
            .SingleOrDefaultAsync(ct) ?? throw DomainException.NotFound("training.course_not_found", "未找到该培训课程");
        var course = found.Course;
        var worker = await TrainingLookups.WorkerAsync(db, workerId, ct);
        var reasons = CourseEligibility.Check(course, worker.FactsFor(found.Organizer.Path), found.Organizer.Name);

        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var waiting = await db.TrainingEnrollments.AsNoTracking()
            .Where(e => sessionIds.Contains(e.SessionId) && e.Status == EnrollmentStatus.Waitlisted)
            .GroupBy(e => e.SessionId).Select(g => new { SessionId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.SessionId, g => g.Count, ct);
        var mine = (await db.TrainingEnrollments.AsNoTracking()
                .Where(e => e.WorkerId == workerId && e.CourseId == id && TrainingEnrollment.ActiveStatuses.Contains(e.Status))
                .ToListAsync(ct))
            .ToDictionary(e => e.SessionId);

        var views = sessions.Select(s => new SessionView(
            s.Id, s.Title, s.StartsAt, s.EndsAt, s.Address, s.Latitude, s.Longitude, s.OnlineUrl, s.Capacity, Math.Max(0, s.Capacity - s.SeatsTaken),
            waiting.GetValueOrDefault(s.Id), s.EnrollmentOpensAt, s.EnrollmentClosesAt, s.CancellationDeadline, s.CheckInOpensAt, s.CheckInClosesAt,
            s.Status, TrainingNames.Of(s.Status),
            course.Status == CourseStatus.Published && s.Status == SessionStatus.Scheduled && now >= s.EnrollmentOpensAt && now <= s.EnrollmentClosesAt && now < s.StartsAt,
            mine.TryGetValue(s.Id, out var e) ? new MyPlace(e.Id, e.Status, TrainingNames.Of(e.Status), e.WaitlistPosition, e.OfferExpiresAt) : null)).ToList();
        return TypedResults.Ok(new Detail(
            course.Id, course.Title, course.Category, TrainingNames.Of(course.Category), course.Occupation, course.Provider,
            new UnionRef(found.Organizer.Id, found.Organizer.Name), course.Description, course.MembersOnly, course.Regions(), course.EmploymentForms(),
            reasons.Count == 0, reasons, views));
    }
}
