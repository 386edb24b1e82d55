using Changai.Domain.Notifications;
using Microsoft.Extensions.Options;
using Quartz;

namespace Changai.Jobs.Notifications;

/// <summary>
/// Drains due notifications batch by batch, with <see cref="NotificationOptions.Senders"/> claim-and-send loops side by
/// side, each in its own scope (its own database connection). The trigger fires every few seconds and Quartz hands each
/// firing to one node of the cluster, so every Jobs process soon has a run going; a firing that lands on a process whose
/// previous run is still draining returns at once, which keeps each process at <c>Senders</c> loops. Runs on different
/// processes overlap on purpose: claims never overlap (leases, SKIP LOCKED), so more processes add throughput, not
/// duplicates.
/// </summary>
public sealed class DispatchNotificationsJob(
    IServiceScopeFactory scopes, DispatchRunGate gate, IOptions<NotificationOptions> options, ILogger<DispatchNotificationsJob> logger) : IJob
{
    public const string Name = "dispatch-notifications";
    private const int MaxRoundsPerSender = 50;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!await gate.Slot.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, options.Value.Senders).Select(_ => DrainAsync(cancellationToken)));
        }
        finally
        {
            gate.Slot.Release();
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRoundsPerSender && !cancellationToken.IsCancellationRequested; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(cancellationToken);
            if (result.Claimed > 0)
            {
                logger.LogInformation("Dispatched {Claimed}: {Sent} sent, {Skipped} skipped, {Retrying} to retry, {Failed} failed",
                    result.Claimed, result.Sent, result.Skipped, result.Retrying, result.Failed);
            }

            if (result.Claimed < options.Value.BatchSize)
            {
                return;
            }
        }
    }
}

/// <summary>One dispatch run at a time per process (a singleton of the host).</summary>
public sealed class DispatchRunGate
{
    public SemaphoreSlim Slot { get; } = new(1, 1);
}
