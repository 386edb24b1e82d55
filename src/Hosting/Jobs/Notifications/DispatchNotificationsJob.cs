using Changai.Domain.Notifications;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Notifications;

/// <summary>
/// Drains due notifications: one dispatcher run per process at a time, sending on <see cref="NotificationOptions.Senders"/>
/// lanes. Enqueued when a notification is committed (<see cref="DispatchTrigger"/>) and run by a recurring sweep as the
/// safety net. A run that finds one going asks it for another round and returns, so nothing committed meanwhile waits for
/// the sweep. Drains on different processes overlap on purpose: claims never overlap (leases, SKIP LOCKED), so more
/// processes add throughput, not duplicates. Hangfire never retries it: a retry could only race the leases, and the sweep
/// comes anyway.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class DispatchNotificationsJob(IServiceScopeFactory scopes, DispatchRunGate gate, ILogger<DispatchNotificationsJob> logger)
{
    public const string Name = "dispatch-notifications";

    /// <summary>Batches one round may claim (a bound, not a pace: a round ends as soon as a claim comes back short).</summary>
    private const int MaxBatchesPerRound = 1000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        gate.Request();
        while (gate.TryEnter())
        {
            try
            {
                while (gate.TakeRequest() && !cancellationToken.IsCancellationRequested)
                {
                    await DrainAsync(cancellationToken);
                }
            }
            finally
            {
                gate.Exit();
            }

            // A request made after the last round began but before the exit found the gate closed: serve it here.
            if (!gate.HasRequest || cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchAsync(MaxBatchesPerRound, cancellationToken);
        if (result.Claimed > 0)
        {
            logger.LogInformation("Dispatched {Claimed}: {Sent} sent, {Skipped} skipped, {Retrying} to retry, {Failed} failed",
                result.Claimed, result.Sent, result.Skipped, result.Retrying, result.Failed);
        }
    }
}

/// <summary>One dispatch drain at a time per process (a singleton of the host), and the requests made while one runs.</summary>
public sealed class DispatchRunGate
{
    private readonly SemaphoreSlim slot = new(1, 1);
    private int requested;

    public void Request() => Volatile.Write(ref requested, 1);

    public bool HasRequest => Volatile.Read(ref requested) == 1;

    public bool TakeRequest() => Interlocked.Exchange(ref requested, 0) == 1;

    public bool TryEnter() => slot.Wait(0);

    public void Exit() => slot.Release();
}
