using Changai.Domain.Notifications;
using Microsoft.Extensions.Options;
using Quartz;

namespace Changai.Jobs.Notifications;

/// <summary>
/// Drains due notifications batch by batch. Runs may overlap, in one process or across the cluster, on purpose: claims
/// never overlap (leases, SKIP LOCKED), so a second run adds throughput instead of duplicates.
/// </summary>
public sealed class DispatchNotificationsJob(NotificationDispatcher dispatcher, IOptions<NotificationOptions> options, ILogger<DispatchNotificationsJob> logger) : IJob
{
    public const string Name = "dispatch-notifications";
    private const int MaxRoundsPerRun = 50;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRoundsPerRun && !cancellationToken.IsCancellationRequested; round++)
        {
            var result = await dispatcher.DispatchDueAsync(cancellationToken);
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
