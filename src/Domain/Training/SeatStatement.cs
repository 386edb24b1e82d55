using System.Globalization;
using System.Text;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Changai.Domain.Training;

/// <summary>What one enrolment statement decided: a seat, or the waitlist position it was given.</summary>
public sealed record SeatDecision(bool Seat, int? Position);

/// <summary>
/// An enrolment on PostgreSQL as one statement: the session's row is locked, the seat or the next waitlist position decided
/// on its counters, and the counters, the enrolment, its audit record and the worker's notification written — all inside
/// PostgreSQL, committed with the statement. The row lock is held for the statement and its commit only, never while the
/// API process (busy with hundreds of other requests) gets round to its next command, which is what made a burst queue
/// behind the lock (<c>docs/benchmarks.md</c>). The rows are the ones the domain builds (<see cref="TrainingEnrollment"/>,
/// <see cref="Auditing.AuditTrail"/>, <see cref="Outbox"/>), written column by column as the EF model maps them: one
/// version for a seat, one for the waitlist, and the statement inserts the one that applies.
/// </summary>
public static class SeatStatement
{
    /// <summary>Stands for the waitlist position in the waitlist versions of the rows until the statement knows it.</summary>
    public const int PositionPlaceholder = -740_531_009;

    /// <summary>
    /// Runs the statement. <paramref name="seat"/> and <paramref name="waitlist"/> are the rows to write in each case (the
    /// waitlist ones carry <see cref="PositionPlaceholder"/> where the position goes). Null when the session is missing
    /// or not scheduled; a unique violation (already enrolled) propagates as <see cref="PostgresException"/>.
    /// </summary>
    public static async Task<SeatDecision?> RunAsync(
        AppDbContext db, Guid sessionId, IReadOnlyList<object> seat, IReadOnlyList<object> waitlist, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter> { new("session", sessionId) };
        var sql = new StringBuilder("""
            WITH locked AS (
                SELECT "Id", "SeatsTaken" < "Capacity" AS seat FROM "TrainingSessions"
                WHERE "Id" = @session AND "Status" = 'Scheduled' FOR UPDATE),
            decided AS (
                UPDATE "TrainingSessions" t SET
                    "SeatsTaken" = t."SeatsTaken" + CASE WHEN l.seat THEN 1 ELSE 0 END,
                    "WaitlistIssued" = t."WaitlistIssued" + CASE WHEN l.seat THEN 0 ELSE 1 END,
                    "Version" = t."Version" + 1
                FROM locked l WHERE t."Id" = l."Id"
                RETURNING l.seat AS "Seat", CASE WHEN l.seat THEN NULL ELSE t."WaitlistIssued" END AS "Position")
            """);
        var n = 0;
        foreach (var (rows, condition) in new[] { (seat, "d.\"Seat\""), (waitlist, "NOT d.\"Seat\"") })
        {
            foreach (var row in rows)
            {
                sql.Append(",\ninsert").Append(n++.ToString(CultureInfo.InvariantCulture)).Append(" AS (");
                AppendInsert(db, row, condition, sql, parameters);
                sql.Append(')');
            }
        }

        sql.Append("\nSELECT \"Seat\", \"Position\" FROM decided");
        var found = await db.Database.SqlQueryRaw<SeatDecision>(sql.ToString(), [.. parameters]).ToListAsync(ct);
        return found.SingleOrDefault();
    }

    /// <summary>INSERT … SELECT of one entity's mapped columns from the decided row, when <paramref name="condition"/> holds.</summary>
    private static void AppendInsert(AppDbContext db, object row, string condition, StringBuilder sql, List<NpgsqlParameter> parameters)
    {
        var entity = db.Model.FindEntityType(row.GetType()) ?? throw new InvalidOperationException(row.GetType().Name + " is not mapped");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var placeholder = PositionPlaceholder.ToString(CultureInfo.InvariantCulture);
        var columns = new List<string>();
        var values = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            var value = property.GetGetter().GetClrValue(row);
            if (value is not null && property.GetTypeMapping().Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            var type = property.GetColumnType();
            columns.Add($"\"{property.GetColumnName(table)}\"");
            if (value is int i && i == PositionPlaceholder)
            {
                values.Add("d.\"Position\"");
                continue;
            }

            var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            values.Add(value is string s && s.Contains(placeholder, StringComparison.Ordinal)
                ? $"replace(@{name}::text, '{placeholder}', d.\"Position\"::text)::{type}"
                : $"@{name}::{type}");
        }

        sql.Append("INSERT INTO \"").Append(table.Name).Append("\" (").AppendJoin(", ", columns).Append(") SELECT ")
            .AppendJoin(", ", values).Append(" FROM decided d WHERE ").Append(condition);
    }
}
