using Changai.Domain.Notifications;
using Quartz;

namespace Changai.Jobs.Notifications;

/// <summary>The officers' daily digest of overdue join applications (09:00 Beijing time by default).</summary>
[DisallowConcurrentExecution]
public sealed class OfficerDigestJob(OfficerDigest digest, ILogger<OfficerDigestJob> logger) : IJob
{
    public const string Name = "officer-digest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var queued = await digest.QueueAsync(cancellationToken);
        logger.LogInformation("Queued {Count} officer digests", queued);
    }
}
