using Microsoft.Extensions.Logging;

namespace Changai.Domain.Notifications;

public sealed partial class NotificationDispatcher
{
    /// <summary>
    /// One dispatch run: a loop that owns the database connection and takes one step at a time — record the outcomes that
    /// came back, reserve and mark the next sends, all in one transaction — while the sends themselves run on the lanes.
    /// A lane takes its next message only in the step that records its last one, so at any moment at most one message
    /// per lane has been marked as sent without its outcome recorded: what a crash can leave in doubt.
    /// </summary>
    private sealed class Run(NotificationDispatcher dispatcher, int maxBatches)
    {
        private readonly NotificationOptions settings = dispatcher.settings;
        private readonly TimeProvider time = dispatcher.time;
        private readonly OutboxLedger ledger = new(dispatcher.db);
        private readonly List<Outgoing> waiting = [];
        private readonly Dictionary<Task<Outcome>, Outgoing> inFlight = [];
        private readonly List<Outcome> known = [];
        private int batches, claimed, sent, skipped, retrying, failed;
        private bool more = true;
        private bool stopping;

        public async Task<DispatchResult> ExecuteAsync(CancellationToken ct)
        {
            try
            {
                await LoopAsync(ct);
                return new DispatchResult(claimed, sent, skipped, retrying, failed);
            }
            finally
            {
                // Whatever ends the run, no send is left running behind it.
                await Task.WhenAll(inFlight.Keys);
            }
        }

        private async Task LoopAsync(CancellationToken ct)
        {
            var lanes = settings.Senders;
            while (true)
            {
                stopping |= ct.IsCancellationRequested;
                if (!stopping && more && batches < maxBatches && waiting.Count < lanes)
                {
                    await ClaimAsync();
                }

                Collect();
                var start = Pick(stopping ? 0 : lanes - inFlight.Count);
                var throttled = false;
                if (start.Count > 0)
                {
                    var slots = await dispatcher.throttle.TakeAsync(start.Count);
                    if (slots < start.Count)
                    {
                        throttled = true;
                        waiting.InsertRange(0, start.Skip(slots));
                        start = start.Take(slots).ToList();
                    }
                }

                if (start.Count == 0 && known.Count == 0)
                {
                    if (inFlight.Count > 0)
                    {
                        Task answered = Task.WhenAny(inFlight.Keys);
                        await (throttled ? Task.WhenAny(answered, NextSecondAsync(ct)) : answered);
                        continue;
                    }

                    if (waiting.Count > 0)
                    {
                        await NextSecondAsync(ct);
                        continue;
                    }

                    if (stopping || !more || batches >= maxBatches)
                    {
                        return;
                    }

                    continue;
                }

                await StepAsync(start);
            }
        }

        private async Task ClaimAsync()
        {
            List<Notification> batch;
            Dictionary<(string, Guid), string> openIds;
            try
            {
                await dispatcher.EnsureConnectionAsync();
                batch = await dispatcher.ClaimBatchAsync(Guid.NewGuid().ToString("N"), CancellationToken.None);
                openIds = batch.Count == 0 ? [] : await dispatcher.OpenIdsAsync(batch);
            }
            catch (Exception e) when (IsTransient(e))
            {
                // The database is away: claim nothing more in this run, finish what is in flight (its outcomes are retried)
                // and leave the rest to the next run. A batch claimed without its openids lapses back after its lease.
                dispatcher.logger.LogWarning("Claiming notifications failed ({Error}); this run claims no more", e.GetType().Name);
                more = false;
                return;
            }

            batches++;
            more = batch.Count >= settings.BatchSize;
            claimed += batch.Count;
            foreach (var n in batch)
            {
                var (send, settled) = dispatcher.Prepare(n, openIds.GetValueOrDefault((n.RecipientType, n.RecipientId)));
                if (send is not null)
                {
                    waiting.Add(send);
                }
                else
                {
                    Known(settled!);
                }
            }
        }

        /// <summary>The answers that came back: their outcomes join the next step.</summary>
        private void Collect()
        {
            foreach (var done in inFlight.Keys.Where(t => t.IsCompleted).ToList())
            {
                inFlight.Remove(done);
                Known(done.Result);
            }
        }

        private void Known(Outcome outcome)
        {
            known.Add(outcome);
            switch (outcome.Status)
            {
                case DeliveryStatus.Sent: sent++; break;
                case DeliveryStatus.Skipped: skipped++; break;
                case DeliveryStatus.Failed: failed++; break;
                default: retrying++; break;
            }
        }

        /// <summary>
        /// The next messages to send, at most <paramref name="free"/>, in claim order, no two spending the same credit row
        /// (one statement reserves them all). Rows whose lease is close to running out — or all of them, when the run
        /// stops — are handed back unsent for the next claim rather than left to lapse.
        /// </summary>
        private List<Outgoing> Pick(int free)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var margin = TimeSpan.FromSeconds(settings.LeaseSeconds / 4.0);
            foreach (var expiring in waiting.Where(o => stopping || now > o.Row.LeaseExpiresAt!.Value - margin).ToList())
            {
                waiting.Remove(expiring);
                known.Add(Outcome.Release(expiring.Row));
            }

            var picked = new List<Outgoing>();
            var credits = new HashSet<(string, Guid, string)>();
            for (var i = 0; i < waiting.Count && picked.Count < free;)
            {
                if (credits.Add(waiting[i].CreditKey))
                {
                    picked.Add(waiting[i]);
                    waiting.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }

            return picked;
        }

        /// <summary>
        /// One transaction: the outcomes known so far, then the reservations and send marks of <paramref name="start"/>; the
        /// granted sends then leave. If the database is unreachable, nothing new starts: the sends in flight finish, and
        /// their outcomes are recorded as soon as it answers again, for as long as a lease lasts.
        /// </summary>
        private async Task StepAsync(List<Outgoing> start)
        {
            var giveUpAt = time.GetUtcNow().UtcDateTime.AddSeconds(settings.LeaseSeconds);
            while (true)
            {
                try
                {
                    await dispatcher.EnsureConnectionAsync();
                    var step = await ledger.WriteAsync(known, start, time.GetUtcNow().UtcDateTime);
                    known.Clear();
                    skipped += step.NoCredit;
                    foreach (var go in step.Granted)
                    {
                        inFlight.Add(dispatcher.SendAsync(go), go);
                    }

                    return;
                }
                catch (Exception e) when (IsTransient(e) && time.GetUtcNow().UtcDateTime < giveUpAt)
                {
                    dispatcher.logger.LogWarning("Recording {Count} notification outcomes failed ({Error}); retrying", known.Count, e.GetType().Name);
                    waiting.InsertRange(0, start);
                    start = [];
                    await Task.WhenAll(inFlight.Keys);
                    Collect();
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, CancellationToken.None);
                }
            }
        }

        private async Task NextSecondAsync(CancellationToken ct)
        {
            try
            {
                await dispatcher.throttle.UntilNextSecondAsync(ct);
            }
            catch (OperationCanceledException)
            {
                stopping = true;
            }
        }
    }
}
