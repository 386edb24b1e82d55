using System.Data.Common;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Changai.Domain.Training;

/// <summary>
/// Seats and waitlist positions of a session. Every change to them runs inside a transaction that first locks the session's
/// row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the database write lock), so concurrent enrolments, cancellations
/// and offers on one session run one after another, each seeing the counters the previous one left. Under the lock an
/// enrolment costs one more round trip: the counter update and the new rows go in one batch, then the commit. A unique index on
/// (session, waitlist position) backs this up; a transaction that loses a race anyway is retried from the start.
/// </summary>
public sealed class SeatLedger(AppDbContext db, IOptions<TrainingOptions> options)
{
    /// <summary>The conflict still there after every retry: answered as a 409 the worker can retry, never as a 500.</summary>
    public const string BusyCode = "training.busy";
    private const int Attempts = 4;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it, retrying from scratch (with a clean change tracker) when
    /// the database reports a conflict: a unique index that fired, a version that moved, a deadlock or serialization failure.
    /// The work must read what it decides on inside the transaction, after <see cref="LockAsync"/>.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work(ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (IsConflict(e))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                if (attempt == Attempts)
                {
                    throw DomainException.Conflict(BusyCode, "当前办理的人较多，请稍后再试");
                }

                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Locks the session's row for the rest of the transaction and loads it, tracked: the counters are changed on it and
    /// saved with the rest of the unit of work in one batch. Null when there is no such session.
    /// </summary>
    public async Task<TrainingSession?> LockAsync(Guid sessionId, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            // One round trip: the row lock, and the row as it is once the lock is ours.
            return await db.TrainingSessions.FromSql($"""SELECT * FROM "TrainingSessions" WHERE "Id" = {sessionId} FOR UPDATE""").SingleOrDefaultAsync(ct);
        }

        // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE); the UPDATE makes sure of it.
        var locked = await db.TrainingSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatsTaken, x => x.SeatsTaken), ct);
        return locked == 0 ? null : await db.TrainingSessions.SingleAsync(s => s.Id == sessionId, ct);
    }

    /// <summary>A seat while there is one, else the next waitlist position. The caller holds the lock on <paramref name="session"/>.</summary>
    public TrainingEnrollment Enroll(TrainingSession session, Guid workerId, bool lowPriority, DateTime now)
    {
        TrainingEnrollment enrollment;
        if (session.SeatsTaken < session.Capacity)
        {
            session.SeatsTaken++;
            enrollment = TrainingEnrollment.WithSeat(session.Id, session.CourseId, workerId, now);
        }
        else
        {
            session.WaitlistIssued++;
            enrollment = TrainingEnrollment.OnWaitlist(session.Id, session.CourseId, workerId, session.WaitlistIssued, lowPriority, now);
        }

        db.TrainingEnrollments.Add(enrollment);
        return enrollment;
    }

    /// <summary>A seat holder left: the seat goes to the next on the waitlist, or becomes free when nobody waits.</summary>
    public Task<IReadOnlyList<TrainingEnrollment>> ReleaseSeatAsync(TrainingSession session, DateTime now, CancellationToken ct)
    {
        session.SeatsTaken--;
        return OfferFreeSeatsAsync(session, now, ct);
    }

    /// <summary>
    /// Offers every free seat to the waitlist in order — those who lost priority for no-shows last — each held for the
    /// confirmation window but not past the start. Returns the enrolments offered a seat (tracked; the caller saves them
    /// and notifies). Nothing is offered once the session has started or was cancelled.
    /// </summary>
    public async Task<IReadOnlyList<TrainingEnrollment>> OfferFreeSeatsAsync(TrainingSession session, DateTime now, CancellationToken ct)
    {
        var free = session.Capacity - session.SeatsTaken;
        if (free <= 0 || session.Status != SessionStatus.Scheduled || now >= session.StartsAt)
        {
            return [];
        }

        var next = await db.TrainingEnrollments
            .Where(e => e.SessionId == session.Id && e.Status == EnrollmentStatus.Waitlisted)
            .OrderBy(e => e.LowPriority).ThenBy(e => e.WaitlistPosition)
            .Take(free).ToListAsync(ct);
        var deadline = TrainingRules.OfferDeadline(now, options.Value.OfferWindow, session.StartsAt);
        foreach (var enrollment in next)
        {
            enrollment.Offer(deadline, now);
        }

        session.SeatsTaken += next.Count;
        return next;
    }

    private static bool IsConflict(Exception e) => e switch
    {
        DbUpdateException => true,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        InvalidOperationException { InnerException: DbException inner } => IsConflict(inner),
        _ => false,
    };
}
