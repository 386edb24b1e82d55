using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Training;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Training;

/// <summary>The worker's enrolments, newest first: seat or waitlist place, offers to confirm, attendance.</summary>
public static class MyEnrollments
{
    /// <param name="WaitlistPosition">The position handed out on joining the waitlist.</param>
    /// <param name="WaitingAhead">While waitlisted: how many are still ahead (fewer as others leave or get seats).</param>
    public sealed record Item(
        Guid Id, Guid CourseId, string CourseTitle, Guid SessionId, string SessionTitle, DateTime StartsAt, DateTime EndsAt, string Place,
        string? OnlineUrl, EnrollmentStatus Status, string StatusText, int? WaitlistPosition, int? WaitingAhead, bool LowPriority,
        DateTime? OfferExpiresAt, DateTime CancellationDeadline, bool CanCancel, bool CanConfirm, DateTime? CheckedInAt, DateTime EnrolledAt);

    public static async Task<Ok<IReadOnlyList<Item>>> Handle(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var rows = await db.TrainingEnrollments.AsNoTracking().Where(e => e.WorkerId == workerId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(100)
            .Join(db.TrainingSessions, e => e.SessionId, s => s.Id, (e, s) => new { Enrollment = e, Session = s })
            .Join(db.TrainingCourses, x => x.Session.CourseId, c => c.Id, (x, c) => new { x.Enrollment, x.Session, Course = c })
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var items = new List<Item>(rows.Count);
        foreach (var row in rows.OrderByDescending(r => r.Enrollment.CreatedAt).ThenByDescending(r => r.Enrollment.Id))
        {
            items.Add(ToItem(row.Enrollment, row.Course, row.Session, await WaitingAheadAsync(db, row.Enrollment, ct), now));
        }

        return TypedResults.Ok<IReadOnlyList<Item>>(items);
    }

    internal static async Task<int?> WaitingAheadAsync(AppDbContext db, TrainingEnrollment mine, CancellationToken ct)
    {
        if (mine.Status != EnrollmentStatus.Waitlisted)
        {
            return null;
        }

        return await db.TrainingEnrollments.CountAsync(o => o.SessionId == mine.SessionId && o.Status == EnrollmentStatus.Waitlisted
            && ((!o.LowPriority && mine.LowPriority) || (o.LowPriority == mine.LowPriority && o.WaitlistPosition < mine.WaitlistPosition)), ct);
    }

    internal static Item ToItem(TrainingEnrollment e, TrainingCourse c, TrainingSession s, int? waitingAhead, DateTime now)
    {
        var open = s.Status == SessionStatus.Scheduled && now < s.StartsAt;
        var canCancel = open && (e.Status == EnrollmentStatus.Waitlisted
            || (e.Status is EnrollmentStatus.Confirmed or EnrollmentStatus.Offered && now <= s.CancellationDeadline));
        return new Item(
            e.Id, c.Id, c.Title, s.Id, s.Title, s.StartsAt, s.EndsAt, s.Place, s.OnlineUrl, e.Status, TrainingNames.Of(e.Status), e.WaitlistPosition,
            waitingAhead, e.LowPriority, e.OfferExpiresAt, s.CancellationDeadline, canCancel,
            e.Status == EnrollmentStatus.Offered && now <= e.OfferExpiresAt, e.CheckedInAt, e.CreatedAt);
    }
}
