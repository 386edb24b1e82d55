using Changai.Domain.Data;
using Changai.WeChat;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Changai.Domain.Notifications;

/// <summary>A claimed notification on its way to WeChat, with what its send needs.</summary>
internal sealed class Outgoing(Notification row, string templateId, SubscribeMessage message)
{
    public Notification Row { get; } = row;

    public string TemplateId { get; } = templateId;

    public SubscribeMessage Message { get; } = message;

    /// <summary>The subscription credit a send of this notification spends.</summary>
    public (string RecipientType, Guid RecipientId, string TemplateId) CreditKey => (Row.RecipientType, Row.RecipientId, TemplateId);
}

/// <summary>
/// What became of one claimed notification, to be recorded. <see cref="Marked"/>: its send was marked as started (so the
/// record applies only while that mark is still there, which makes writing it twice harmless); <see cref="CreditDelta"/>
/// gives back the reserved credit (+1) of a send that used none; <see cref="ZeroCredits"/> trusts WeChat's 43101.
/// </summary>
internal sealed record Outcome(
    Guid Id, string Owner, bool Marked, DeliveryStatus Status, string? Error, DateTime? SentAt, int Attempts, DateTime? NextAttemptAt,
    string RecipientType, Guid RecipientId, string? TemplateId, int CreditDelta = 0, bool ZeroCredits = false)
{
    /// <summary>Handed back unsent (the lease is running out, or the run stops): claimable again at once.</summary>
    public static Outcome Release(Notification n) =>
        new(n.Id, n.LeaseOwner!, false, DeliveryStatus.Pending, n.LastError, null, n.Attempts, null, n.RecipientType, n.RecipientId, n.TemplateId);
}

/// <summary>What one ledger step reserved: the sends that got a credit and were marked, and those skipped for want of one.</summary>
internal sealed record StepResult(IReadOnlyList<Outgoing> Granted, int NoCredit);

/// <summary>
/// Writes the dispatcher's steps. One step is one transaction: the outcomes known since the last step, then a credit reserved
/// and the send marked for each notification about to go out (those without a credit become <c>Skipped: no_credit</c>).
/// On PostgreSQL a step is one round trip of two statements whatever its size (arrays through <c>unnest</c>); on SQLite,
/// which has a single writer and serves the embedded default, one statement per row inside the transaction.
/// </summary>
internal sealed class OutboxLedger(AppDbContext db)
{
    // Applies only to a row still ours and still in the state its outcome was decided in (marked or not), so a step whose
    // commit was lost in transit can be written again without giving a credit back twice. Credits change for the rows
    // actually settled, one UPDATE per credit row (several outcomes of one person are summed first).
    private const string RecordSql = """
        WITH o AS (
            SELECT * FROM unnest(@id, @owner, @marked, @status, @error, @sent_at, @attempts, @next_at, @template, @credit, @zero)
                AS o(id, owner, marked, status, error, sent_at, attempts, next_at, template, credit, zero)),
        settled AS (
            UPDATE "Notifications" n
            SET "DeliveryStatus" = o.status, "LastError" = o.error, "SentAt" = coalesce(o.sent_at, n."SentAt"), "Attempts" = o.attempts,
                "NextAttemptAt" = coalesce(o.next_at, n."NextAttemptAt"), "TemplateId" = coalesce(o.template, n."TemplateId"),
                "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL, "SendStartedAt" = NULL
            FROM o
            WHERE n."Id" = o.id AND n."LeaseOwner" = o.owner AND n."DeliveryStatus" = 'Pending' AND (n."SendStartedAt" IS NOT NULL) = o.marked
            RETURNING n."RecipientType" AS rt, n."RecipientId" AS rid, n."TemplateId" AS tid, o.credit, o.zero)
        UPDATE "SubscriptionCredits" c
        SET "Credits" = CASE WHEN d.zero THEN 0 ELSE c."Credits" + d.credit END, "UpdatedAt" = @now
        FROM (SELECT rt, rid, tid, sum(credit)::int AS credit, bool_or(zero) AS zero FROM settled WHERE credit <> 0 OR zero GROUP BY rt, rid, tid) d
        WHERE c."RecipientType" = d.rt AND c."RecipientId" = d.rid AND c."TemplateId" = d.tid
        """;

    // The credit is reserved (never below zero) and the send marked in the same statement, only for rows this sender still
    // holds; a row without a credit is settled as skipped. The rows of one step have distinct credit rows.
    private const string ReserveSql = """
        WITH w AS (
            SELECT w.* FROM unnest(@id, @owner, @rt, @rid, @tid) AS w(id, owner, rt, rid, tid)
            JOIN "Notifications" n ON n."Id" = w.id AND n."LeaseOwner" = w.owner AND n."DeliveryStatus" = 'Pending' AND n."SendStartedAt" IS NULL),
        granted AS (
            UPDATE "SubscriptionCredits" c SET "Credits" = c."Credits" - 1, "UpdatedAt" = @now
            FROM w
            WHERE c."RecipientType" = w.rt AND c."RecipientId" = w.rid AND c."TemplateId" = w.tid AND c."Credits" > 0
            RETURNING w.id)
        UPDATE "Notifications" n
        SET "TemplateId" = w.tid,
            "SendStartedAt" = CASE WHEN g.id IS NULL THEN NULL ELSE @now END,
            "DeliveryStatus" = CASE WHEN g.id IS NULL THEN 'Skipped' ELSE 'Pending' END,
            "LastError" = CASE WHEN g.id IS NULL THEN 'no_credit' ELSE n."LastError" END,
            "LeaseOwner" = CASE WHEN g.id IS NULL THEN NULL ELSE n."LeaseOwner" END,
            "LeaseExpiresAt" = CASE WHEN g.id IS NULL THEN NULL ELSE n."LeaseExpiresAt" END
        FROM w LEFT JOIN granted g ON g.id = w.id
        WHERE n."Id" = w.id
        RETURNING n."Id", g.id IS NOT NULL
        """;

    public Task<StepResult> WriteAsync(IReadOnlyList<Outcome> record, IReadOnlyList<Outgoing> start, DateTime now) =>
        db.IsPostgres ? WritePostgresAsync(record, start, now) : WriteSqliteAsync(record, start, now);

    private async Task<StepResult> WritePostgresAsync(IReadOnlyList<Outcome> record, IReadOnlyList<Outgoing> start, DateTime now)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // No explicit transaction: the statements of one batch run in one implicit transaction, committed at its end.
        await using var batch = new NpgsqlBatch(connection);
        if (record.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(RecordSql)
            {
                Parameters =
                {
                    Array("id", NpgsqlDbType.Uuid, record.Select(o => o.Id)),
                    Array("owner", NpgsqlDbType.Text, record.Select(o => o.Owner)),
                    Array("marked", NpgsqlDbType.Boolean, record.Select(o => o.Marked)),
                    Array("status", NpgsqlDbType.Text, record.Select(o => o.Status.ToString())),
                    Array("error", NpgsqlDbType.Text, record.Select(o => o.Error)),
                    Array("sent_at", NpgsqlDbType.TimestampTz, record.Select(o => o.SentAt)),
                    Array("attempts", NpgsqlDbType.Integer, record.Select(o => o.Attempts)),
                    Array("next_at", NpgsqlDbType.TimestampTz, record.Select(o => o.NextAttemptAt)),
                    Array("template", NpgsqlDbType.Text, record.Select(o => o.TemplateId)),
                    Array("credit", NpgsqlDbType.Integer, record.Select(o => o.CreditDelta)),
                    Array("zero", NpgsqlDbType.Boolean, record.Select(o => o.ZeroCredits)),
                    new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now },
                },
            });
        }

        if (start.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ReserveSql)
            {
                Parameters =
                {
                    Array("id", NpgsqlDbType.Uuid, start.Select(s => s.Row.Id)),
                    Array("owner", NpgsqlDbType.Text, start.Select(s => s.Row.LeaseOwner)),
                    Array("rt", NpgsqlDbType.Text, start.Select(s => s.Row.RecipientType)),
                    Array("rid", NpgsqlDbType.Uuid, start.Select(s => s.Row.RecipientId)),
                    Array("tid", NpgsqlDbType.Text, start.Select(s => s.TemplateId)),
                    new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now },
                },
            });
        }

        var granted = new HashSet<Guid>();
        var noCredit = 0;
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            // The reservation is the only statement that returns rows (the reader may or may not stop at the others first).
            // Read to the end, so that an error in any statement (or the commit) surfaces here, before anything is sent.
            do
            {
                while (reader.FieldCount > 0 && await reader.ReadAsync(CancellationToken.None))
                {
                    if (reader.GetBoolean(1))
                    {
                        granted.Add(reader.GetGuid(0));
                    }
                    else
                    {
                        noCredit++;
                    }
                }
            }
            while (await reader.NextResultAsync(CancellationToken.None));
        }

        return new StepResult(start.Where(s => granted.Contains(s.Row.Id)).ToList(), noCredit);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    private async Task<StepResult> WriteSqliteAsync(IReadOnlyList<Outcome> record, IReadOnlyList<Outgoing> start, DateTime now)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        foreach (var o in record)
        {
            var settled = await db.Notifications
                .Where(n => n.Id == o.Id && n.LeaseOwner == o.Owner && n.DeliveryStatus == DeliveryStatus.Pending && (n.SendStartedAt != null) == o.Marked)
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(n => n.DeliveryStatus, o.Status).SetProperty(n => n.LastError, o.Error).SetProperty(n => n.Attempts, o.Attempts)
                        .SetProperty(n => n.LeaseOwner, (string?)null).SetProperty(n => n.LeaseExpiresAt, (DateTime?)null).SetProperty(n => n.SendStartedAt, (DateTime?)null);
                    if (o.SentAt is { } sentAt)
                    {
                        s.SetProperty(n => n.SentAt, sentAt);
                    }

                    if (o.NextAttemptAt is { } next)
                    {
                        s.SetProperty(n => n.NextAttemptAt, next);
                    }

                    if (o.TemplateId is { } templateId)
                    {
                        s.SetProperty(n => n.TemplateId, templateId);
                    }
                }, CancellationToken.None);
            if (settled == 1 && o.TemplateId is { } template && (o.CreditDelta != 0 || o.ZeroCredits))
            {
                var credits = db.SubscriptionCredits.Of(o.RecipientType, o.RecipientId, template);
                await (o.ZeroCredits
                    ? credits.ExecuteUpdateAsync(s => s.SetProperty(c => c.Credits, 0).SetProperty(c => c.UpdatedAt, now), CancellationToken.None)
                    : credits.AddCreditsAsync(o.CreditDelta, now, CancellationToken.None));
            }
        }

        var granted = new List<Outgoing>();
        var noCredit = 0;
        foreach (var s in start)
        {
            var n = s.Row;
            var marked = await db.Notifications
                .Where(x => x.Id == n.Id && x.LeaseOwner == n.LeaseOwner && x.DeliveryStatus == DeliveryStatus.Pending && x.SendStartedAt == null)
                .ExecuteUpdateAsync(x => x.SetProperty(y => y.TemplateId, s.TemplateId).SetProperty(y => y.SendStartedAt, now), CancellationToken.None);
            if (marked == 0)
            {
                continue;
            }

            if (await db.SubscriptionCredits.Of(n.RecipientType, n.RecipientId, s.TemplateId).Where(c => c.Credits > 0).AddCreditsAsync(-1, now, CancellationToken.None) == 1)
            {
                granted.Add(s);
                continue;
            }

            noCredit++;
            await db.Notifications.Where(x => x.Id == n.Id).ExecuteUpdateAsync(x => x
                .SetProperty(y => y.SendStartedAt, (DateTime?)null).SetProperty(y => y.DeliveryStatus, DeliveryStatus.Skipped)
                .SetProperty(y => y.LastError, "no_credit").SetProperty(y => y.LeaseOwner, (string?)null).SetProperty(y => y.LeaseExpiresAt, (DateTime?)null),
                CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return new StepResult(granted, noCredit);
    }
}
