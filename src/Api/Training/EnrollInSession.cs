using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Training;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Changai.Api.Training;

/// <summary>
/// A worker takes a seat, or the next waitlist place when the seats are gone. Decided under the session's row lock (see
/// <see cref="SeatLedger"/>), so 500 workers at once for 50 seats give exactly 50 seats and waitlist places 1–450.
/// </summary>
public static class EnrollInSession
{
    public static async Task<Created<MyEnrollments.Item>> Handle(
        Guid id, HttpContext http, AppDbContext db, SeatLedger ledger, IOptions<TrainingOptions> options, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var (session, course) = await TrainingLookups.VisibleSessionAsync(db, id, ct);
        if (course.Status != CourseStatus.Published)
        {
            throw new DomainException("training.course_closed", "该课程已停止报名");
        }

        session.EnsureEnrollmentOpen(now);
        var organizer = await db.Unions.AsNoTracking().Where(u => u.Id == course.OrganizerUnionId).Select(u => new { u.Name, u.Path }).SingleAsync(ct);
        var worker = await TrainingLookups.WorkerAsync(db, workerId, ct);
        if (CourseEligibility.Check(course, worker.FactsFor(organizer.Path), organizer.Name) is [var first, ..])
        {
            throw new DomainException(first.Code, first.Message);
        }

        var settings = options.Value;
        var noShows = await AttendanceRegister.NoShowsAsync(db, workerId, settings.NoShowPeriodDays, now, ct);
        var lowPriority = TrainingRules.LosesWaitlistPriority(noShows, settings.NoShowThreshold);
        var info = TrainingNotices.SessionInfo.Of(course, session);

        var enrollment = db.IsPostgres
            ? await EnrollInOneStatementAsync(id, workerId, course, info, lowPriority, noShows, settings, db, http.RequestServices, now, ct)
            : await ledger.InTransactionAsync(async c =>
            {
                // Checked before taking the lock, to keep the locked part short; two enrolments of one worker racing past it
                // meet the unique index, and the retry answers 409 here.
                await EnsureNotEnrolledAsync(db, id, workerId, c);
                var locked = await ledger.LockAsync(id, c) ?? throw TrainingLookups.SessionNotFound();
                if (locked.Status != SessionStatus.Scheduled)
                {
                    throw Cancelled();
                }

                var created = ledger.Enroll(locked, workerId, lowPriority, now);
                RecordAndNotify(db, created, course, info, lowPriority, noShows, settings, workerId, now);
                return created;
            }, ct);

        var item = MyEnrollments.ToItem(enrollment, course, session, enrollment.Status == EnrollmentStatus.Waitlisted ? await MyEnrollments.WaitingAheadAsync(db, enrollment, ct) : null, now);
        return TypedResults.Created("/api/training/enrollments/mine", item);
    }

    /// <summary>
    /// PostgreSQL: the seat or waitlist place decided and written with its audit record and notification in one statement
    /// (<see cref="SeatStatement"/>), so the session's row is locked only while PostgreSQL runs it.
    /// </summary>
    private static async Task<TrainingEnrollment> EnrollInOneStatementAsync(
        Guid id, Guid workerId, TrainingCourse course, TrainingNotices.SessionInfo info, bool lowPriority, int noShows, TrainingOptions settings,
        AppDbContext db, IServiceProvider services, DateTime now, CancellationToken ct)
    {
        await EnsureNotEnrolledAsync(db, id, workerId, ct);
        var withSeat = TrainingEnrollment.WithSeat(id, course.Id, workerId, now);
        var waiting = TrainingEnrollment.OnWaitlist(id, course.Id, workerId, SeatStatement.PositionPlaceholder, lowPriority, now);
        SeatDecision? decision;
        try
        {
            decision = await SeatStatement.RunAsync(db, id,
                RowsOf(db, () => RecordAndNotify(db, withSeat, course, info, lowPriority, noShows, settings, workerId, now)),
                RowsOf(db, () => RecordAndNotify(db, waiting, course, info, lowPriority, noShows, settings, workerId, now)), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw AlreadyEnrolled();
        }

        if (decision is null)
        {
            throw await db.TrainingSessions.AnyAsync(s => s.Id == id, ct) ? Cancelled() : TrainingLookups.SessionNotFound();
        }

        services.GetService<Changai.Hosting.Jobs.Notifications.DispatchTrigger>()?.Request();
        return decision.Seat ? withSeat : TrainingEnrollment.OnWaitlist(id, course.Id, workerId, decision.Position!.Value, lowPriority, now, waiting.Id);
    }

    /// <summary>The rows <paramref name="write"/> adds to the unit of work, taken out of it again (the statement writes them).</summary>
    private static List<object> RowsOf(AppDbContext db, Action write)
    {
        write();
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }

        return [.. added.Select(e => e.Entity)];
    }

    private static void RecordAndNotify(
        AppDbContext db, TrainingEnrollment created, TrainingCourse course, TrainingNotices.SessionInfo info, bool lowPriority, int noShows,
        TrainingOptions settings, Guid workerId, DateTime now)
    {
        if (db.Entry(created).State == EntityState.Detached)
        {
            db.TrainingEnrollments.Add(created);
        }

        db.Record(now, AuditTrail.Worker, workerId, nameof(TrainingEnrollment), created.Id,
            created.Status == EnrollmentStatus.Confirmed ? "training.enrollment.confirmed" : "training.enrollment.waitlisted",
            to: created.Status.ToString(), reason: lowPriority ? $"近 {settings.NoShowPeriodDays} 天未到 {noShows} 次，候补顺序靠后" : null,
            unionId: course.OrganizerUnionId);
        if (created.Status == EnrollmentStatus.Confirmed)
        {
            db.NotifyConfirmed(now, created, info);
        }
        else
        {
            db.NotifyWaitlisted(now, created, info);
        }
    }

    private static async Task EnsureNotEnrolledAsync(AppDbContext db, Guid sessionId, Guid workerId, CancellationToken ct)
    {
        if (await db.TrainingEnrollments.AnyAsync(e => e.SessionId == sessionId && e.WorkerId == workerId && TrainingEnrollment.ActiveStatuses.Contains(e.Status), ct))
        {
            throw AlreadyEnrolled();
        }
    }

    private static DomainException AlreadyEnrolled() => DomainException.Conflict("training.already_enrolled", "您已报名该班次，可在“我的培训”中查看");

    private static DomainException Cancelled() => DomainException.Conflict("training.session_cancelled", "该班次已取消");
}

/// <summary>
/// The worker withdraws from a session. A seat can be given up until the cancellation deadline; it then goes to the first
/// on the waitlist, who has the configured time to confirm. Leaving the waitlist is possible until the start.
/// </summary>
public static class CancelEnrollment
{
    public static async Task<NoContent> Handle(Guid id, HttpContext http, AppDbContext db, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var (session, course) = await TrainingLookups.VisibleSessionAsync(db, id, ct);
        var info = TrainingNotices.SessionInfo.Of(course, session);
        await ledger.InTransactionAsync(async c =>
        {
            var locked = await ledger.LockAsync(id, c) ?? throw TrainingLookups.SessionNotFound();
            var enrollment = await db.TrainingEnrollments
                .SingleOrDefaultAsync(e => e.SessionId == id && e.WorkerId == workerId && TrainingEnrollment.ActiveStatuses.Contains(e.Status), c)
                ?? throw TrainingLookups.EnrollmentNotFound();
            if (locked.Status != SessionStatus.Scheduled || now >= locked.StartsAt)
            {
                throw DomainException.Conflict("training.session_started", "该班次已开始或已取消，不能再取消报名");
            }

            var from = enrollment.Status;
            var heldSeat = enrollment.HoldsSeat;
            enrollment.Cancel(locked.CancellationDeadline, now);
            db.Record(now, AuditTrail.Worker, workerId, nameof(TrainingEnrollment), enrollment.Id, "training.enrollment.cancelled",
                from.ToString(), nameof(EnrollmentStatus.Cancelled), unionId: course.OrganizerUnionId);
            if (heldSeat)
            {
                foreach (var next in await ledger.ReleaseSeatAsync(locked, now, c))
                {
                    db.Record(now, AuditTrail.System, null, nameof(TrainingEnrollment), next.Id, "training.seat.offered",
                        nameof(EnrollmentStatus.Waitlisted), nameof(EnrollmentStatus.Offered), unionId: course.OrganizerUnionId);
                    db.NotifyOffered(now, next, info);
                }
            }

            return 0;
        }, ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A waitlisted worker offered a freed seat takes it before the offer runs out.</summary>
public static class ConfirmSeatOffer
{
    public static async Task<Ok<MyEnrollments.Item>> Handle(Guid id, HttpContext http, AppDbContext db, SeatLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var (session, course) = await TrainingLookups.VisibleSessionAsync(db, id, ct);
        var enrollment = await ledger.InTransactionAsync(async c =>
        {
            await ledger.LockAsync(id, c);
            var offered = await db.TrainingEnrollments.Where(e => e.SessionId == id && e.WorkerId == workerId)
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).FirstOrDefaultAsync(c)
                ?? throw TrainingLookups.EnrollmentNotFound();
            if (offered.Status == EnrollmentStatus.OfferExpired)
            {
                throw DomainException.Conflict("training.offer_expired", "候补名额的确认期限已过，名额已顺延给下一位");
            }

            if (offered.Status != EnrollmentStatus.Offered)
            {
                throw DomainException.Conflict("training.no_offer", $"您的报名当前为“{TrainingNames.Of(offered.Status)}”，没有待确认的候补名额");
            }

            offered.ConfirmOffer(now);
            db.Record(now, AuditTrail.Worker, workerId, nameof(TrainingEnrollment), offered.Id, "training.offer.confirmed",
                nameof(EnrollmentStatus.Offered), nameof(EnrollmentStatus.Confirmed), unionId: course.OrganizerUnionId);
            db.NotifyConfirmed(now, offered, TrainingNotices.SessionInfo.Of(course, session));
            return offered;
        }, ct);
        return TypedResults.Ok(MyEnrollments.ToItem(enrollment, course, session, null, now));
    }
}
