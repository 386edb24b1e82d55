using Changai.Domain.Data;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Maintenance;

[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class PurgeExpiredRecordsJob(RecordRetention retention, ILogger<PurgeExpiredRecordsJob> logger)
{
    public const string Name = "purge-expired-records";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = await retention.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} expired records", removed);
    }
}
