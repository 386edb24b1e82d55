using Changai.Domain.Data;
using Quartz;

namespace Changai.Jobs.Maintenance;

[DisallowConcurrentExecution]
public sealed class PurgeExpiredRecordsJob(RecordRetention retention, ILogger<PurgeExpiredRecordsJob> logger) : IJob
{
    public const string Name = "purge-expired-records";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var removed = await retention.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} expired records", removed);
    }
}
