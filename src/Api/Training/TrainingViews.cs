using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

public sealed record UnionRef(Guid Id, string Name);

/// <summary>Seats, waitlist and attendance of one session, as officers read them.</summary>
/// <param name="FillRate">Seats taken ÷ capacity.</param>
/// <param name="AttendanceRate">Checked in ÷ seats taken.</param>
public sealed record SessionStats(
    int Capacity, int SeatsTaken, int Confirmed, int Offered, int Waitlisted, int CheckedIn, int NoShow, double FillRate, double AttendanceRate)
{
    public static SessionStats Of(TrainingSession session, IReadOnlyDictionary<EnrollmentStatus, int> counts)
    {
        int Count(EnrollmentStatus status) => counts.GetValueOrDefault(status);
        var taken = session.SeatsTaken;
        return new SessionStats(
            session.Capacity, taken, Count(EnrollmentStatus.Confirmed), Count(EnrollmentStatus.Offered), Count(EnrollmentStatus.Waitlisted),
            Count(EnrollmentStatus.CheckedIn), Count(EnrollmentStatus.NoShow),
            session.Capacity == 0 ? 0 : Math.Round((double)taken / session.Capacity, 3),
            taken == 0 ? 0 : Math.Round((double)Count(EnrollmentStatus.CheckedIn) / taken, 3));
    }

    /// <summary>Enrolment counts by session and status, in one query.</summary>
    public static async Task<Dictionary<Guid, Dictionary<EnrollmentStatus, int>>> CountsAsync(AppDbContext db, IReadOnlyCollection<Guid> sessionIds, CancellationToken ct)
    {
        var rows = await db.TrainingEnrollments.AsNoTracking().Where(e => sessionIds.Contains(e.SessionId))
            .GroupBy(e => new { e.SessionId, e.Status }).Select(g => new { g.Key.SessionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return sessionIds.ToDictionary(id => id, id => rows.Where(r => r.SessionId == id).ToDictionary(r => r.Status, r => r.Count));
    }
}

/// <summary>Look-ups shared by the training use cases: a worker's facts for eligibility, and an officer's courses and sessions.</summary>
internal static class TrainingLookups
{
    internal sealed record WorkerProfile(Domain.Identity.Worker Worker, string? MemberUnionPath)
    {
        public WorkerFacts FactsFor(string organizerPath) => new(
            Worker.RealName is not null, Worker.IdNumberHash is not null, Worker.CountyCode, Worker.EmploymentForm,
            MemberUnionPath is not null && MemberUnionPath.StartsWith(organizerPath, StringComparison.Ordinal));
    }

    public static async Task<WorkerProfile> WorkerAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == workerId, ct);
        var memberPath = await db.Members.AsNoTracking().Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
            .Select(m => db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Path).Single()).FirstOrDefaultAsync(ct);
        return new WorkerProfile(worker, memberPath);
    }

    /// <summary>A course the officer manages: its organising union is in their subtree. 404 otherwise, existence undisclosed.</summary>
    public static async Task<(TrainingCourse Course, Union Organizer)> CourseInScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.TrainingCourses.Where(c => c.Id == id)
            .Select(c => new { Course = c, Organizer = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == c.OrganizerUnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.Organizer is null
            ? throw DomainException.NotFound("training.course_not_found", "未找到该培训课程，或不在您的管辖范围内")
            : (found.Course, found.Organizer);
    }

    public static async Task<(TrainingSession Session, TrainingCourse Course, Union Organizer)> SessionInScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.TrainingSessions.Where(s => s.Id == id)
            .Join(db.TrainingCourses, s => s.CourseId, c => c.Id, (s, c) => new { Session = s, Course = c })
            .Select(x => new { x.Session, x.Course, Organizer = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == x.Course.OrganizerUnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.Organizer is null
            ? throw SessionNotFound()
            : (found.Session, found.Course, found.Organizer);
    }

    /// <summary>A session of a published (or closed) course, as a worker may see it.</summary>
    public static async Task<(TrainingSession Session, TrainingCourse Course)> VisibleSessionAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var found = await db.TrainingSessions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.TrainingCourses.Where(c => c.Status != CourseStatus.Draft), s => s.CourseId, c => c.Id, (s, c) => new { Session = s, Course = c })
            .SingleOrDefaultAsync(ct);
        return found is null ? throw SessionNotFound() : (found.Session, found.Course);
    }

    public static DomainException SessionNotFound() => DomainException.NotFound("training.session_not_found", "未找到该培训班次");

    public static DomainException EnrollmentNotFound() => DomainException.NotFound("training.enrollment_not_found", "您没有报名该班次");
}
