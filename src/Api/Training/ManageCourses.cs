using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Changai.Domain.Training;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>Officers with the training permission create, edit, publish and close the courses of unions in their subtree.</summary>
public static class ManageCourses
{
    /// <param name="OrganizerUnionId">The organising union, in the officer's subtree; the officer's own union when left out. Fixed once created.</param>
    public sealed record Request(
        string Title, CourseCategory Category, string? Occupation, string Provider, Guid? OrganizerUnionId, string Description, bool MembersOnly,
        IReadOnlyList<string>? EligibleRegionCodes, IReadOnlyList<EmploymentForm>? EligibleEmploymentForms);

    public sealed record Query(CourseStatus? Status, string? Keyword, int Page = 1, int PageSize = 20);

    public sealed record Item(
        Guid Id, string Title, CourseCategory Category, string CategoryText, CourseStatus Status, string StatusText, string? Occupation, string Provider,
        UnionRef Organizer, int SessionCount, DateTime? FirstStartsAt, int Capacity, int SeatsTaken, int Waitlisted, int CheckedIn, double FillRate);

    public sealed record SessionView(
        Guid Id, string Title, DateTime StartsAt, DateTime EndsAt, string? Address, double? Latitude, double? Longitude, string? OnlineUrl,
        DateTime EnrollmentOpensAt, DateTime EnrollmentClosesAt, DateTime CancellationDeadline, DateTime CheckInOpensAt, DateTime CheckInClosesAt,
        SessionStatus Status, string StatusText, string? CancelReason, SessionStats Stats);

    public sealed record Detail(
        Guid Id, string Title, CourseCategory Category, string CategoryText, string? Occupation, string Provider, UnionRef Organizer, string Description,
        bool MembersOnly, IReadOnlyList<string> EligibleRegionCodes, IReadOnlyList<EmploymentForm> EligibleEmploymentForms, CourseStatus Status,
        string StatusText, DateTime CreatedAt, DateTime? PublishedAt, DateTime? ClosedAt, IReadOnlyList<SessionView> Sessions);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Title).NotEmpty().Length(2, 60).WithName("课程名称");
            RuleFor(r => r.Category).IsInEnum().WithName("课程类别");
            RuleFor(r => r.Occupation).MaximumLength(30).WithName("职业（工种）");
            RuleFor(r => r.Provider).NotEmpty().MaximumLength(60).WithName("承办机构");
            RuleFor(r => r.Description).NotEmpty().MaximumLength(2000).WithName("课程介绍");
            RuleFor(r => r.EligibleRegionCodes).Must(c => c is null || c.Count <= 30).WithMessage("面向地区最多 30 个").WithName("面向地区");
            RuleForEach(r => r.EligibleRegionCodes).Matches(@"^53(\d{2}){0,2}$")
                .WithMessage("面向地区应为云南省内的 2、4 或 6 位行政区划代码，如 5301（昆明市）、530111（官渡区）").WithName("面向地区");
            RuleForEach(r => r.EligibleEmploymentForms).IsInEnum().WithName("面向用工形式");
        }
    }

    public sealed class QueryValidator : AbstractValidator<Query>
    {
        public QueryValidator()
        {
            RuleFor(q => q.Status).IsInEnum().WithName("状态");
            RuleFor(q => q.Keyword).MaximumLength(30).WithName("关键词");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
        }
    }

    public static async Task<Created<Detail>> Create(Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var created = await CreateAsync(request, await scope.ForAsync(http.User, ct), db, scope, time, ct);
        return TypedResults.Created($"/api/officer/training/courses/{created.Id}", created);
    }

    public static async Task<Detail> CreateAsync(Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var organizerId = request.OrganizerUnionId ?? officer.UnionId;
        var organizer = await scope.UnionsWithin(officer).AsNoTracking().SingleOrDefaultAsync(u => u.Id == organizerId, ct)
            ?? throw DomainException.NotFound("training.union_not_found", "所选主办工会不存在，或不在您的管辖范围内");
        var now = time.GetUtcNow().UtcDateTime;
        var course = new TrainingCourse
        {
            Id = Guid.CreateVersion7(), Title = request.Title.Trim(), Category = request.Category, Occupation = request.Occupation?.Trim(),
            Provider = request.Provider.Trim(), OrganizerUnionId = organizer.Id, RegionCode = TrainingCourse.RegionOf(organizer),
            Description = request.Description.Trim(), MembersOnly = request.MembersOnly, CreatedByOfficerId = officer.OfficerId, CreatedAt = now, UpdatedAt = now,
        };
        course.SetEligibility(request.EligibleRegionCodes, request.EligibleEmploymentForms);
        db.TrainingCourses.Add(course);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingCourse), course.Id, "training.course.created", to: nameof(CourseStatus.Draft), unionId: organizer.Id);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(db, course, organizer, ct);
    }

    public static async Task<Ok<Detail>> Update(Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await UpdateAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Detail> UpdateAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        course.EnsureEditable();
        var now = time.GetUtcNow().UtcDateTime;
        course.Title = request.Title.Trim();
        course.Category = request.Category;
        course.Occupation = request.Occupation?.Trim();
        course.Provider = request.Provider.Trim();
        course.Description = request.Description.Trim();
        course.MembersOnly = request.MembersOnly;
        course.SetEligibility(request.EligibleRegionCodes, request.EligibleEmploymentForms);
        course.UpdatedAt = now;
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingCourse), course.Id, "training.course.updated", unionId: organizer.Id);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(db, course, organizer, ct);
    }

    public static async Task<Ok<Detail>> Publish(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await PublishAsync(id, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Detail> PublishAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        course.Publish(await db.TrainingSessions.CountAsync(s => s.CourseId == id && s.Status == SessionStatus.Scheduled, ct), now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingCourse), course.Id, "training.course.published",
            nameof(CourseStatus.Draft), nameof(CourseStatus.Published), unionId: organizer.Id);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(db, course, organizer, ct);
    }

    /// <summary>Stops new enrolments; those enrolled keep their places, attendance and certificates go on.</summary>
    public static async Task<Ok<Detail>> Close(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await CloseAsync(id, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<Detail> CloseAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        course.Close(now);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(TrainingCourse), course.Id, "training.course.closed",
            nameof(CourseStatus.Published), nameof(CourseStatus.Closed), unionId: organizer.Id);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(db, course, organizer, ct);
    }

    public static async Task<Ok<PagedResult<Item>>> List([AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, ct));

    public static async Task<PagedResult<Item>> ListAsync(Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var unions = scope.UnionsWithin(officer);
        var courses = db.TrainingCourses.AsNoTracking().Where(c => unions.Any(u => u.Id == c.OrganizerUnionId));
        if (query.Status is { } status)
        {
            courses = courses.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var keyword = query.Keyword.Trim();
            courses = courses.Where(c => c.Title.Contains(keyword) || (c.Occupation != null && c.Occupation.Contains(keyword)));
        }

        var total = await courses.CountAsync(ct);
        var sessions = db.TrainingSessions.Where(s => s.Status == SessionStatus.Scheduled);
        var enrollments = db.TrainingEnrollments;
        var rows = await courses.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(c => new
            {
                Course = c,
                OrganizerName = db.Unions.Where(u => u.Id == c.OrganizerUnionId).Select(u => u.Name).Single(),
                SessionCount = sessions.Count(s => s.CourseId == c.Id),
                First = sessions.Where(s => s.CourseId == c.Id).Min(s => (DateTime?)s.StartsAt),
                Capacity = sessions.Where(s => s.CourseId == c.Id).Sum(s => (int?)s.Capacity) ?? 0,
                SeatsTaken = sessions.Where(s => s.CourseId == c.Id).Sum(s => (int?)s.SeatsTaken) ?? 0,
                Waitlisted = enrollments.Count(e => e.CourseId == c.Id && e.Status == EnrollmentStatus.Waitlisted),
                CheckedIn = enrollments.Count(e => e.CourseId == c.Id && e.Status == EnrollmentStatus.CheckedIn),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new Item(
            r.Course.Id, r.Course.Title, r.Course.Category, TrainingNames.Of(r.Course.Category), r.Course.Status, TrainingNames.Of(r.Course.Status),
            r.Course.Occupation, r.Course.Provider, new UnionRef(r.Course.OrganizerUnionId, r.OrganizerName), r.SessionCount, r.First, r.Capacity,
            r.SeatsTaken, r.Waitlisted, r.CheckedIn, r.Capacity == 0 ? 0 : Math.Round((double)r.SeatsTaken / r.Capacity, 3))).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }

    public static async Task<Ok<Detail>> Get(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await GetAsync(id, await scope.ForAsync(http.User, ct), db, scope, ct));

    public static async Task<Detail> GetAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var (course, organizer) = await TrainingLookups.CourseInScopeAsync(db, scope, officer, id, ct);
        return await DetailAsync(db, course, organizer, ct);
    }

    internal static async Task<Detail> DetailAsync(AppDbContext db, TrainingCourse course, Union organizer, CancellationToken ct)
    {
        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var counts = await SessionStats.CountsAsync(db, sessions.Select(s => s.Id).ToList(), ct);
        return new Detail(
            course.Id, course.Title, course.Category, TrainingNames.Of(course.Category), course.Occupation, course.Provider,
            new UnionRef(organizer.Id, organizer.Name), course.Description, course.MembersOnly, course.Regions(), course.EmploymentForms(),
            course.Status, TrainingNames.Of(course.Status), course.CreatedAt, course.PublishedAt, course.ClosedAt,
            sessions.Select(s => ToView(s, counts[s.Id])).ToList());
    }

    internal static SessionView ToView(TrainingSession s, IReadOnlyDictionary<EnrollmentStatus, int> counts) => new(
        s.Id, s.Title, s.StartsAt, s.EndsAt, s.Address, s.Latitude, s.Longitude, s.OnlineUrl, s.EnrollmentOpensAt, s.EnrollmentClosesAt,
        s.CancellationDeadline, s.CheckInOpensAt, s.CheckInClosesAt, s.Status, TrainingNames.Of(s.Status), s.CancelReason, SessionStats.Of(s, counts));
}
