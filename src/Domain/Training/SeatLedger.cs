using System.Data.Common;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Changai.Domain.Training;

/// <summary>A session's seat counters, read while its row is locked.</summary>
public sealed record SeatCounters(Guid SessionId, int Capacity, int SeatsTaken, int WaitlistIssued, SessionStatus Status, DateTime StartsAt)
{
    public bool HasFreeSeat => SeatsTaken < Capacity;
}

/// <summary>
/// Seats and waitlist positions of a session. Every change to them runs inside a transaction that first locks the session's
/// row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the database write lock), so concurrent enrolments, cancellations
/// and offers on one session run one after another, each seeing the counters the previous one left. A unique index on
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

    /// <summary>Locks the session's row for the rest of the transaction and reads its counters; null when there is no such session.</summary>
    public async Task<SeatCounters?> LockAsync(Guid sessionId, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            // One round trip: the row lock and the counters as they are once it is ours.
            var row = await db.TrainingSessions.FromSql($"""SELECT * FROM "TrainingSessions" WHERE "Id" = {sessionId} FOR UPDATE""")
                .AsNoTracking().SingleOrDefaultAsync(ct);
            return row is null ? null : new SeatCounters(row.Id, row.Capacity, row.SeatsTaken, row.WaitlistIssued, row.Status, row.StartsAt);
        }

        // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE); the UPDATE makes sure of it.
        var locked = await db.TrainingSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatsTaken, x => x.SeatsTaken), ct);
        if (locked == 0)
        {
            return null;
        }

        return await db.TrainingSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new SeatCounters(s.Id, s.Capacity, s.SeatsTaken, s.WaitlistIssued, s.Status, s.StartsAt))
            .SingleAsync(ct);
    }

    /// <summary>A seat while there is one, else the next waitlist position. The caller holds the lock (<paramref name="counters"/>).</summary>
    public async Task<TrainingEnrollment> EnrollAsync(SeatCounters counters, Guid courseId, Guid workerId, bool lowPriority, DateTime now, CancellationToken ct)
    {
        var sessions = db.TrainingSessions.Where(s => s.Id == counters.SessionId);
        TrainingEnrollment enrollment;
        if (counters.HasFreeSeat)
        {
            await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatsTaken, x => x.SeatsTaken + 1), ct);
            enrollment = TrainingEnrollment.WithSeat(counters.SessionId, courseId, workerId, now);
        }
        else
        {
            await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.WaitlistIssued, x => x.WaitlistIssued + 1), ct);
            enrollment = TrainingEnrollment.OnWaitlist(counters.SessionId, courseId, workerId, counters.WaitlistIssued + 1, lowPriority, now);
        }

        db.TrainingEnrollments.Add(enrollment);
        return enrollment;
    }

    /// <summary>A seat holder left: the seat goes to the next on the waitlist, or becomes free when nobody waits.</summary>
    public async Task<IReadOnlyList<TrainingEnrollment>> ReleaseSeatAsync(SeatCounters counters, DateTime now, CancellationToken ct)
    {
        await db.TrainingSessions.Where(s => s.Id == counters.SessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatsTaken, x => x.SeatsTaken - 1), ct);
        return await OfferFreeSeatsAsync(counters with { SeatsTaken = counters.SeatsTaken - 1 }, now, ct);
    }

    /// <summary>
    /// Offers every free seat to the waitlist in order — those who lost priority for no-shows last — each held for the
    /// confirmation window but not past the start. Returns the enrolments offered a seat (tracked; the caller saves them
    /// and notifies). Nothing is offered once the session has started or was cancelled.
    /// </summary>
    public async Task<IReadOnlyList<TrainingEnrollment>> OfferFreeSeatsAsync(SeatCounters counters, DateTime now, CancellationToken ct)
    {
        var free = counters.Capacity - counters.SeatsTaken;
        if (free <= 0 || counters.Status != SessionStatus.Scheduled || now >= counters.StartsAt)
        {
            return [];
        }

        var next = await db.TrainingEnrollments
            .Where(e => e.SessionId == counters.SessionId && e.Status == EnrollmentStatus.Waitlisted)
            .OrderBy(e => e.LowPriority).ThenBy(e => e.WaitlistPosition)
            .Take(free).ToListAsync(ct);
        if (next.Count == 0)
        {
            return [];
        }

        var deadline = TrainingRules.OfferDeadline(now, options.Value.OfferWindow, counters.StartsAt);
        foreach (var enrollment in next)
        {
            enrollment.Offer(deadline, now);
        }

        await db.TrainingSessions.Where(s => s.Id == counters.SessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatsTaken, x => x.SeatsTaken + next.Count), ct);
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
