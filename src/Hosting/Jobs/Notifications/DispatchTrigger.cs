using System.Data.Common;
using System.Runtime.CompilerServices;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Notifications;

/// <summary>
/// Enqueues a dispatch job soon after notifications are committed, so an approval reaches the phone in about a second
/// instead of at the next sweep. Coalesced: at most one enqueue per <see cref="Window"/> per process, and a request inside
/// the window gets one trailing enqueue at its end, so a burst of a thousand decisions enqueues a handful of jobs. The
/// enqueue runs off the request's thread; if the job storage is unreachable the sweep still delivers.
/// </summary>
public sealed class DispatchTrigger(IBackgroundJobClient jobs, TimeProvider time, ILogger<DispatchTrigger> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);
    private long lastEnqueue = long.MinValue;
    private int trailing;

    public void Request()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastEnqueue);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= Window) && Interlocked.CompareExchange(ref lastEnqueue, now, last) == last)
        {
            _ = Task.Run(Enqueue);
            return;
        }

        if (Interlocked.Exchange(ref trailing, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(Window, time);
                Volatile.Write(ref trailing, 0);
                Interlocked.Exchange(ref lastEnqueue, time.GetTimestamp());
                Enqueue();
            });
        }
    }

    private void Enqueue()
    {
        try
        {
            jobs.Enqueue<DispatchNotificationsJob>(j => j.RunAsync(CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not enqueue a dispatch; the sweep will deliver");
        }
    }
}

/// <summary>
/// Tells the <see cref="DispatchTrigger"/> when a save that added notifications is committed: at once for a save outside
/// an explicit transaction, at the transaction's commit otherwise (a job started before the commit would find nothing).
/// </summary>
public sealed class NotificationCommitInterceptor(DispatchTrigger trigger) : SaveHooks, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    protected override void Saving(DbContext context)
    {
        if (context.ChangeTracker.Entries<Notification>().Any(e => e.State == EntityState.Added))
        {
            Pending.AddOrUpdate(context, context);
        }
    }

    protected override void Saved(DbContext context)
    {
        if (context.Database.CurrentTransaction is null)
        {
            Committed(context);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && Pending.Remove(context))
        {
            trigger.Request();
        }
    }
}
