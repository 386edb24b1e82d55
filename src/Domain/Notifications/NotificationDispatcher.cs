using System.Text.Json;
using Changai.Domain.Data;
using Changai.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Notifications;

public sealed record DispatchResult(int Claimed, int Sent, int Skipped, int Retrying, int Failed);

/// <summary>
/// Sends due notifications as WeChat subscribe messages. A run claims a batch under a lease (PostgreSQL: FOR UPDATE SKIP
/// LOCKED, so several Jobs processes never take the same row), spends one subscription credit per send, and records each
/// outcome as soon as it is known, so a crash costs at most the message in flight. Nothing is sent without a credit; the
/// inbox shows every notification whatever happened here.
/// </summary>
public sealed class NotificationDispatcher(
    AppDbContext db, WeChatClient wechat, SendThrottle throttle, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationDispatcher> logger)
{
    private readonly NotificationOptions settings = options.Value;

    /// <summary>Claims up to one batch of due notifications for <paramref name="owner"/> and returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, CancellationToken ct) =>
        (await ClaimBatchAsync(owner, ct)).Select(n => n.Id).ToList();

    /// <summary>LastError of a notification whose send was started by a sender that never recorded the outcome.</summary>
    public const string InDoubt = "in_doubt";

    private async Task<List<Notification>> ClaimBatchAsync(string owner, CancellationToken ct)
    {
        await SettleInDoubtAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now.AddSeconds(settings.LeaseSeconds);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "Notifications" SET "LeaseOwner" = {owner}, "LeaseExpiresAt" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "Notifications"
                    WHERE "DeliveryStatus" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeaseExpiresAt" IS NULL OR "LeaseExpiresAt" < {now})
                    ORDER BY "NextAttemptAt" LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            // SQLite has one writer at a time, so the UPDATE itself is the claim.
            var due = db.Notifications
                .Where(n => n.DeliveryStatus == DeliveryStatus.Pending && n.NextAttemptAt <= now && (n.LeaseExpiresAt == null || n.LeaseExpiresAt < now))
                .OrderBy(n => n.NextAttemptAt).Take(settings.BatchSize).Select(n => n.Id);
            await db.Notifications.Where(n => due.Contains(n.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseOwner, owner).SetProperty(n => n.LeaseExpiresAt, until), ct);
        }

        db.ChangeTracker.Clear();
        return await db.Notifications.Where(n => n.LeaseOwner == owner && n.DeliveryStatus == DeliveryStatus.Pending)
            .OrderBy(n => n.NextAttemptAt).ToListAsync(ct);
    }

    /// <summary>One claim-and-send round: one batch read, the recipients' openids in one query each, then a credit and an
    /// outcome per message. Sending stops while the lease still has a safety margin left; what was not reached is released
    /// for the next round rather than left to lapse.</summary>
    public async Task<DispatchResult> DispatchDueAsync(CancellationToken ct)
    {
        var owner = Guid.NewGuid().ToString("N");
        var batch = await ClaimBatchAsync(owner, ct);
        if (batch.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0, 0);
        }

        var openIds = await OpenIdsAsync(batch, ct);
        var margin = TimeSpan.FromSeconds(settings.LeaseSeconds / 4.0);
        int sent = 0, skipped = 0, retrying = 0, failed = 0;
        foreach (var n in batch)
        {
            if (time.GetUtcNow().UtcDateTime > n.LeaseExpiresAt!.Value - margin)
            {
                await db.Notifications.Where(x => x.LeaseOwner == owner && x.DeliveryStatus == DeliveryStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
                break;
            }

            var outcome = await DeliverAsync(n, openIds.GetValueOrDefault((n.RecipientType, n.RecipientId)), ct);
            switch (outcome)
            {
                case DeliveryStatus.Sent: sent++; break;
                case DeliveryStatus.Skipped: skipped++; break;
                case DeliveryStatus.Failed: failed++; break;
                default: retrying++; break;
            }
        }

        return new DispatchResult(batch.Count, sent, skipped, retrying, failed);
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

    private async Task<Dictionary<(string, Guid), string>> OpenIdsAsync(List<Notification> batch, CancellationToken ct)
    {
        List<Guid> Ids(string type) => batch.Where(n => n.RecipientType == type).Select(n => n.RecipientId).Distinct().ToList();
        var workerIds = Ids(Outbox.WorkerRecipient);
        var officerIds = Ids(Outbox.OfficerRecipient);
        var openIds = new Dictionary<(string, Guid), string>();
        if (workerIds.Count > 0)
        {
            foreach (var w in await db.Workers.Where(w => workerIds.Contains(w.Id)).Select(w => new { w.Id, w.OpenId }).ToListAsync(ct))
            {
                openIds[(Outbox.WorkerRecipient, w.Id)] = w.OpenId;
            }
        }

        if (officerIds.Count > 0)
        {
            foreach (var o in await db.Officers.Where(o => officerIds.Contains(o.Id) && o.WeChatOpenId != null).Select(o => new { o.Id, o.WeChatOpenId }).ToListAsync(ct))
            {
                openIds[(Outbox.OfficerRecipient, o.Id)] = o.WeChatOpenId!;
            }
        }

        return openIds;
    }

    private async Task<DeliveryStatus> DeliverAsync(Notification n, string? openId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!settings.Templates.TryGetValue(n.Kind, out var mapping) || string.IsNullOrEmpty(mapping.TemplateId))
        {
            return await FinishAsync(n, DeliveryStatus.Skipped, "no_template", ct);
        }

        n.TemplateId = mapping.TemplateId;
        if (openId is null)
        {
            return await FinishAsync(n, DeliveryStatus.Skipped, "no_openid", ct);
        }

        // Wait for a slot under the ceiling before reserving, so a stop while waiting leaves no credit reserved.
        await throttle.WaitAsync(ct);

        // Reserve a credit (so two senders can never spend the same one) and mark the send before it leaves (so a crash
        // between WeChat's answer and the outcome below is never sent twice) in one transaction: a database that goes
        // away in between leaves neither, rather than a credit spent on a message never sent.
        await using (var reservation = await db.Database.BeginTransactionAsync(ct))
        {
            if (await ChangeCreditsAsync(n, -1, ct) == 0)
            {
                await reservation.RollbackAsync(CancellationToken.None);
                return await FinishAsync(n, DeliveryStatus.Skipped, "no_credit", ct);
            }

            n.SendStartedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
            await reservation.CommitAsync(CancellationToken.None);
        }
        try
        {
            // Not cancelled by a stop: a send in flight finishes (it takes milliseconds) and its outcome is recorded.
            await wechat.SendSubscribeMessageAsync(new SubscribeMessage(openId, mapping.TemplateId, BuildData(n, mapping)) { Page = Page(n, mapping) }, CancellationToken.None);
            n.SentAt = now;
            n.Attempts++;
            return await FinishAsync(n, DeliveryStatus.Sent, null, ct);
        }
        catch (WeChatApiException e) when (e.ErrCode == 43101)
        {
            // WeChat says the user has no allowance left: trust it over our count.
            await db.SubscriptionCredits.Of(n.RecipientType, n.RecipientId, mapping.TemplateId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Credits, 0).SetProperty(c => c.UpdatedAt, now), ct);
            return await FinishAsync(n, DeliveryStatus.Skipped, "43101", ct);
        }
        catch (Exception e) when (e is WeChatApiException { ErrCode: -1 or 45011 } or WeChatTransportException)
        {
            await ChangeCreditsAsync(n, +1, ct); // a failed send uses nothing
            n.Attempts++;
            var reason = e is WeChatApiException api ? api.ErrCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "network";
            if (n.Attempts >= settings.MaxAttempts)
            {
                return await FinishAsync(n, DeliveryStatus.Failed, reason, ct);
            }

            n.NextAttemptAt = now.AddSeconds(settings.FirstRetrySeconds * Math.Pow(2, n.Attempts - 1));
            return await FinishAsync(n, DeliveryStatus.Pending, reason, ct);
        }
        catch (WeChatApiException e)
        {
            await ChangeCreditsAsync(n, +1, ct);
            logger.LogWarning("Notification {Id} of kind {Kind} failed permanently with errcode {ErrCode}", n.Id, n.Kind, e.ErrCode);
            return await FinishAsync(n, DeliveryStatus.Failed, e.ErrCode.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
    }

    private Task<int> ChangeCreditsAsync(Notification n, int delta, CancellationToken ct)
    {
        var credits = db.SubscriptionCredits.Of(n.RecipientType, n.RecipientId, n.TemplateId!);
        // Spending never takes a count below zero.
        return (delta < 0 ? credits.Where(c => c.Credits > 0) : credits).AddCreditsAsync(delta, time.GetUtcNow().UtcDateTime, ct);
    }

    private async Task<DeliveryStatus> FinishAsync(Notification n, DeliveryStatus status, string? reason, CancellationToken ct)
    {
        n.DeliveryStatus = status;
        n.LastError = reason;
        n.LeaseOwner = null;
        n.LeaseExpiresAt = null;
        n.SendStartedAt = null;

        // The outcome is recorded even if the run is being stopped, and through a database outage (a restart, a fail-over)
        // for as long as the lease lasts: otherwise a message WeChat accepted would end up "in doubt".
        var giveUpAt = time.GetUtcNow().UtcDateTime.AddSeconds(settings.LeaseSeconds);
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return status;
            }
            catch (Exception e) when (IsTransient(e) && time.GetUtcNow().UtcDateTime < giveUpAt)
            {
                logger.LogWarning("Recording the outcome of notification {Id} failed ({Error}); retrying", n.Id, e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, CancellationToken.None);
            }
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
