using System.Globalization;
using System.Text.Json;
using Changai.Domain.Data;
using Changai.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Notifications;

public sealed record DispatchResult(int Claimed, int Sent, int Skipped, int Retrying, int Failed);

/// <summary>
/// Sends due notifications as WeChat subscribe messages. A run claims batches under a lease (PostgreSQL: FOR UPDATE SKIP
/// LOCKED, so several Jobs processes never take the same row) and sends them on <see cref="NotificationOptions.Senders"/>
/// lanes, each with one message in flight. Before a message goes out, its credit is reserved and its send marked in one
/// transaction; that same transaction records the outcomes that came back since the previous one, so outcomes are written
/// in batches and yet a crash leaves in doubt only what was in flight. Nothing is sent without a credit; the inbox shows
/// every notification whatever happened here.
/// </summary>
public sealed partial class NotificationDispatcher(
    AppDbContext db, WeChatClient wechat, SendThrottle throttle, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationDispatcher> logger)
{
    private readonly NotificationOptions settings = options.Value;
    private readonly AppDbContext db = db;
    private readonly SendThrottle throttle = throttle;
    private readonly TimeProvider time = time;
    private readonly ILogger<NotificationDispatcher> logger = logger;

    /// <summary>LastError of a notification whose send may have reached WeChat without the answer being known: its sender
    /// died before recording it, or the request left and no answer came back. Never sent again.</summary>
    public const string InDoubt = "in_doubt";

    /// <summary>Claims up to one batch of due notifications for <paramref name="owner"/> and returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, CancellationToken ct) =>
        (await ClaimBatchAsync(owner, ct)).Select(n => n.Id).ToList();

    /// <summary>Claims one batch and sends it.</summary>
    public Task<DispatchResult> DispatchDueAsync(CancellationToken ct) => DispatchAsync(1, ct);

    /// <summary>
    /// Claims and sends up to <paramref name="maxBatches"/> batches, the next claimed while the lanes finish the last, until a
    /// claim comes back short. On one database connection, held for the run. A stop (<paramref name="ct"/>) starts no new
    /// send; the sends in flight finish and their outcomes are recorded, and what was not reached is released.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(int maxBatches, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await new Run(this, maxBatches).ExecuteAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<List<Notification>> ClaimBatchAsync(string owner, CancellationToken ct)
    {
        await SettleInDoubtAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now.AddSeconds(settings.LeaseSeconds);
        if (db.IsPostgres)
        {
            return (await db.Notifications.FromSql($"""
                UPDATE "Notifications" SET "LeaseOwner" = {owner}, "LeaseExpiresAt" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "Notifications"
                    WHERE "DeliveryStatus" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeaseExpiresAt" IS NULL OR "LeaseExpiresAt" < {now})
                    ORDER BY "NextAttemptAt" LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).AsNoTracking().ToListAsync(ct)).OrderBy(n => n.NextAttemptAt).ToList();
        }

        // SQLite has one writer at a time, so the UPDATE itself is the claim.
        var due = db.Notifications
            .Where(n => n.DeliveryStatus == DeliveryStatus.Pending && n.NextAttemptAt <= now && (n.LeaseExpiresAt == null || n.LeaseExpiresAt < now))
            .OrderBy(n => n.NextAttemptAt).Take(settings.BatchSize).Select(n => n.Id);
        await db.Notifications.Where(n => due.Contains(n.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseOwner, owner).SetProperty(n => n.LeaseExpiresAt, until), ct);
        return await db.Notifications.AsNoTracking().Where(n => n.LeaseOwner == owner && n.DeliveryStatus == DeliveryStatus.Pending)
            .OrderBy(n => n.NextAttemptAt).ToListAsync(ct);
    }

    /// <summary>
    /// Messages whose sender started sending and then vanished (lease lapsed, send mark still set) are not sent again: a
    /// second reminder is worse than a missing one, and the inbox holds every notification whatever happens here. Runs
    /// before every claim, so it starts from the leased rows (the LeaseOwner index: a send is only ever marked under a
    /// lease, and owner and expiry are set and cleared together) rather than from every pending row of a large fan-out.
    /// </summary>
    private Task<int> SettleInDoubtAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Notifications
            .Where(n => n.LeaseOwner != null && n.DeliveryStatus == DeliveryStatus.Pending && n.SendStartedAt != null && n.LeaseExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.DeliveryStatus, DeliveryStatus.Failed).SetProperty(n => n.LastError, InDoubt)
                .SetProperty(n => n.LeaseOwner, (string?)null).SetProperty(n => n.LeaseExpiresAt, (DateTime?)null), ct);
    }

    private async Task<Dictionary<(string, Guid), string>> OpenIdsAsync(List<Notification> batch)
    {
        List<Guid> Ids(string type) => batch.Where(n => n.RecipientType == type).Select(n => n.RecipientId).Distinct().ToList();
        var workerIds = Ids(Outbox.WorkerRecipient);
        var officerIds = Ids(Outbox.OfficerRecipient);
        var openIds = new Dictionary<(string, Guid), string>();
        if (workerIds.Count > 0)
        {
            foreach (var w in await db.Workers.Where(w => workerIds.Contains(w.Id)).Select(w => new { w.Id, w.OpenId }).ToListAsync(CancellationToken.None))
            {
                openIds[(Outbox.WorkerRecipient, w.Id)] = w.OpenId;
            }
        }

        if (officerIds.Count > 0)
        {
            foreach (var o in await db.Officers.Where(o => officerIds.Contains(o.Id) && o.WeChatOpenId != null).Select(o => new { o.Id, o.WeChatOpenId }).ToListAsync(CancellationToken.None))
            {
                openIds[(Outbox.OfficerRecipient, o.Id)] = o.WeChatOpenId!;
            }
        }

        return openIds;
    }

    /// <summary>What a claimed notification needs to be sent, or the outcome that says why it will not be.</summary>
    private (Outgoing? Send, Outcome? Settled) Prepare(Notification n, string? openId)
    {
        Outcome Settle(DeliveryStatus status, string reason, string? templateId) =>
            new(n.Id, n.LeaseOwner!, false, status, reason, null, n.Attempts, null, n.RecipientType, n.RecipientId, templateId);

        if (!settings.Templates.TryGetValue(n.Kind, out var mapping) || string.IsNullOrEmpty(mapping.TemplateId))
        {
            return (null, Settle(DeliveryStatus.Skipped, "no_template", null));
        }

        if (openId is null)
        {
            return (null, Settle(DeliveryStatus.Skipped, "no_openid", mapping.TemplateId));
        }

        try
        {
            return (new Outgoing(n, mapping.TemplateId, new SubscribeMessage(openId, mapping.TemplateId, BuildData(n, mapping)) { Page = Page(n, mapping) }), null);
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            // A template mapping naming a keyword WeChat does not have, or data that is not ours: never sendable.
            logger.LogWarning("Notification {Id} of kind {Kind} cannot be made into a subscribe message: {Error}", n.Id, n.Kind, e.Message);
            return (null, Settle(DeliveryStatus.Failed, "invalid_data", mapping.TemplateId));
        }
    }

    /// <summary>
    /// Sends one marked message and says what became of it; never throws. Not cancelled by a stop: a send in flight
    /// finishes (it takes milliseconds, at most the client's timeout) so that its outcome can be recorded.
    /// </summary>
    private async Task<Outcome> SendAsync(Outgoing o)
    {
        var n = o.Row;
        Outcome Result(DeliveryStatus status, string? reason, int attempts, DateTime? sentAt = null, DateTime? next = null, int credit = 0, bool zero = false) =>
            new(n.Id, n.LeaseOwner!, true, status, reason, sentAt, attempts, next, n.RecipientType, n.RecipientId, o.TemplateId, credit, zero);

        try
        {
            await wechat.SendSubscribeMessageAsync(o.Message, CancellationToken.None);
            return Result(DeliveryStatus.Sent, null, n.Attempts + 1, sentAt: time.GetUtcNow().UtcDateTime);
        }
        catch (WeChatApiException e) when (e.ErrCode == WeChatErrorCodes.SubscriptionQuotaExhausted)
        {
            // WeChat says the user has no allowance left: trust it over our count.
            return Result(DeliveryStatus.Skipped, "43101", n.Attempts, zero: true);
        }
        catch (WeChatApiException e) when (e.ErrCode is WeChatErrorCodes.SystemBusy or WeChatErrorCodes.RateLimited)
        {
            return Retry(e.ErrCode.ToString(CultureInfo.InvariantCulture));
        }
        catch (WeChatTransportException e) when (!(e.Api == WeChatApiNames.SubscribeSend && e.MayHaveBeenProcessed))
        {
            // Known not to have reached WeChat (no connection, breaker open, the token could not be had) or refused by it
            // unhandled (429, 503): sending again cannot make a second message.
            return Retry("network");
        }
        catch (WeChatTransportException e)
        {
            // The request left and no answer came back that says what WeChat did with it: it may well have been delivered
            // (and the user's accept spent). Treated like a sender that died mid-send: in doubt, never sent again.
            logger.LogWarning("Notification {Id} of kind {Kind}: the send may have reached WeChat without an answer ({Error}); marked in doubt", n.Id, n.Kind, e.Message);
            return Result(DeliveryStatus.Failed, InDoubt, n.Attempts + 1);
        }
        catch (WeChatApiException e)
        {
            logger.LogWarning("Notification {Id} of kind {Kind} failed permanently with errcode {ErrCode}", n.Id, n.Kind, e.ErrCode);
            return Result(DeliveryStatus.Failed, e.ErrCode.ToString(CultureInfo.InvariantCulture), n.Attempts + 1, credit: +1);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Notification {Id} of kind {Kind}: unexpected failure while sending; marked in doubt", n.Id, n.Kind);
            return Result(DeliveryStatus.Failed, InDoubt, n.Attempts + 1);
        }

        Outcome Retry(string reason)
        {
            // A failed send uses nothing: the credit goes back.
            var attempts = n.Attempts + 1;
            return attempts >= settings.MaxAttempts
                ? Result(DeliveryStatus.Failed, reason, attempts, credit: +1)
                : Result(DeliveryStatus.Pending, reason, attempts, next: time.GetUtcNow().UtcDateTime.AddSeconds(settings.FirstRetrySeconds * Math.Pow(2, attempts - 1)), credit: +1);
        }
    }

    /// <summary>The run's connection, opened again if the database dropped it (a restart, a fail-over).</summary>
    private async Task EnsureConnectionAsync()
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.CloseAsync();
            await connection.OpenAsync(CancellationToken.None);
        }
    }

    private static bool IsTransient(Exception e) =>
        e is System.Data.Common.DbException or TimeoutException || e.InnerException is System.Data.Common.DbException or TimeoutException;

    private static string? Page(Notification n, TemplateMapping mapping) => string.IsNullOrEmpty(mapping.Page) ? n.Page : mapping.Page;

    private static IReadOnlyDictionary<string, string> BuildData(Notification n, TemplateMapping mapping)
    {
        var data = n.DataJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(n.DataJson) ?? [];
        string? Source(string key) => key switch
        {
            "title" => n.Title,
            "body" => n.Body,
            "createdAt" => SubscribeValueFormatter.FormatTime(n.CreatedAt),
            _ => data.GetValueOrDefault(key),
        };

        return SubscribeValueFormatter.FormatAll(mapping.Fields.ToDictionary(
            f => f.Key,
            f => f.Value.Split('|').Select(Source).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))));
    }
}
