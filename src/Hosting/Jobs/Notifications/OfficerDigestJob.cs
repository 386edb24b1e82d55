using Changai.Domain.Notifications;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Notifications;

/// <summary>The officers' daily digest of overdue join applications (09:00 Beijing time by default; each digest is queued once a day).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class OfficerDigestJob(OfficerDigest digest, ILogger<OfficerDigestJob> logger)
{
    public const string Name = "officer-digest";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await digest.QueueAsync(cancellationToken);
        logger.LogInformation("Queued {Count} officer digests", queued);
    }
}
