using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Changai.Domain.Training;

/// <summary>
/// Offers whose confirmation window ran out: each is marked expired and its seat passes to the next on the waitlist, one
/// transaction per offer under the session's lock, so a worker confirming at the same moment either wins or loses cleanly.
/// </summary>
public sealed class SeatOfferExpiry(AppDbContext db, SeatLedger ledger, TimeProvider time, ILogger<SeatOfferExpiry> logger)
{
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.TrainingEnrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.Offered && e.OfferExpiresAt < now)
            .OrderBy(e => e.OfferExpiresAt).Select(e => new { e.Id, e.SessionId }).Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var offer in due)
        {
            try
            {
                expired += await ledger.InTransactionAsync(c => ExpireAsync(offer.Id, offer.SessionId, now, c), ct);
            }
            catch (Common.DomainException e) when (e.Code == SeatLedger.BusyCode)
            {
                logger.LogWarning("Could not expire the seat offer {EnrollmentId} for conflicts; the next run retries", offer.Id);
            }
        }

        return expired;
    }

    private async Task<int> ExpireAsync(Guid enrollmentId, Guid sessionId, DateTime now, CancellationToken ct)
    {
        var session = await ledger.LockAsync(sessionId, ct);
        var enrollment = await db.TrainingEnrollments.SingleAsync(e => e.Id == enrollmentId, ct);
        if (session is null || enrollment.Status != EnrollmentStatus.Offered || enrollment.OfferExpiresAt >= now)
        {
            return 0; // confirmed or cancelled in the meantime
        }

        var course = await db.TrainingCourses.AsNoTracking().SingleAsync(c => c.Id == session.CourseId, ct);
        var info = TrainingNotices.SessionInfo.Of(course, session);
        enrollment.ExpireOffer(now);
        db.Record(now, AuditTrail.System, null, nameof(TrainingEnrollment), enrollment.Id, "training.offer.expired",
            nameof(EnrollmentStatus.Offered), nameof(EnrollmentStatus.OfferExpired), unionId: course.OrganizerUnionId);
        db.NotifyOfferExpired(now, enrollment, info);
        foreach (var next in await ledger.ReleaseSeatAsync(session, now, ct))
        {
            db.Record(now, AuditTrail.System, null, nameof(TrainingEnrollment), next.Id, "training.seat.offered",
                nameof(EnrollmentStatus.Waitlisted), nameof(EnrollmentStatus.Offered), unionId: course.OrganizerUnionId);
            db.NotifyOffered(now, next, info);
        }

        return 1;
    }
}

/// <summary>
/// Reminds every worker holding a confirmed seat the day before a session (when it starts within 24 hours) and two hours
/// before. The dedup key carries the session and its start, so however often the job runs each reminder is queued once,
/// and a session moved to another time is reminded again.
/// </summary>
public sealed class TrainingReminders(AppDbContext db, TimeProvider time)
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);

    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var horizon = now + DayBefore;
        var sessions = await db.TrainingSessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt > now && s.StartsAt <= horizon)
            .Join(db.TrainingCourses.Where(c => c.Status != CourseStatus.Draft), s => s.CourseId, c => c.Id, (s, c) => new { Session = s, Course = c })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var row in sessions)
        {
            var dayBefore = row.Session.StartsAt - now > TwoHours;
            var info = TrainingNotices.SessionInfo.Of(row.Course, row.Session);
            var workers = await db.TrainingEnrollments.AsNoTracking()
                .Where(e => e.SessionId == row.Session.Id && e.Status == EnrollmentStatus.Confirmed).Select(e => e.WorkerId).ToListAsync(ct);
            var kind = dayBefore ? TrainingNotices.ReminderDayBefore : TrainingNotices.ReminderTwoHours;
            var already = (await db.Notifications.AsNoTracking()
                .Where(n => n.Kind == kind && workers.Contains(n.RecipientId) && n.DedupKey.StartsWith(kind + ":" + row.Session.Id.ToString("N")))
                .Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
            db.ChangeTracker.Clear();
            foreach (var workerId in workers)
            {
                db.NotifyReminder(now, workerId, dayBefore, info);
            }

            // Drop those queued before (same dedup key), then save this session's reminders together.
            foreach (var entry in db.ChangeTracker.Entries<Notifications.Notification>().Where(e => already.Contains(e.Entity.DedupKey)).ToList())
            {
                entry.State = EntityState.Detached;
            }

            queued += await db.SaveChangesAsync(ct);
        }

        return queued;
    }
}

/// <summary>After a session's check-in window closes, confirmed seats that were never checked in become no-shows.</summary>
public sealed class AttendanceRegister(AppDbContext db, TimeProvider time)
{
    public async Task<int> MarkNoShowsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var missed = await db.TrainingEnrollments
            .Where(e => e.Status == EnrollmentStatus.Confirmed
                && db.TrainingSessions.Any(s => s.Id == e.SessionId && s.Status == SessionStatus.Scheduled && s.CheckInClosesAt < now))
            .Take(1000).ToListAsync(ct);
        var courseIds = missed.Select(e => e.CourseId).Distinct().ToList();
        var unions = await db.TrainingCourses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.OrganizerUnionId, ct);
        foreach (var enrollment in missed)
        {
            enrollment.MarkNoShow(now);
            db.Record(now, AuditTrail.System, null, nameof(TrainingEnrollment), enrollment.Id, "training.enrollment.no_show",
                nameof(EnrollmentStatus.Confirmed), nameof(EnrollmentStatus.NoShow), unionId: unions[enrollment.CourseId]);
        }

        await db.SaveChangesAsync(ct);
        return missed.Count;
    }

    /// <summary>No-shows of the worker in sessions that started within the last <paramref name="periodDays"/> days.</summary>
    public static Task<int> NoShowsAsync(AppDbContext db, Guid workerId, int periodDays, DateTime now, CancellationToken ct)
    {
        var since = now.AddDays(-periodDays);
        return db.TrainingEnrollments.CountAsync(e => e.WorkerId == workerId && e.Status == EnrollmentStatus.NoShow
            && db.TrainingSessions.Any(s => s.Id == e.SessionId && s.StartsAt >= since), ct);
    }
}
