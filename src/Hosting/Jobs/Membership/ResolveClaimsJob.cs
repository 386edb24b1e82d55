using Changai.Domain.Membership;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Membership;

/// <summary>Ends the membership claims whose review period is over without a link (every 10 minutes by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class ResolveClaimsJob(MembershipClaims claims, ILogger<ResolveClaimsJob> logger)
{
    public const string Name = "membership-claims";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var resolved = await claims.ResolveDueAsync(cancellationToken);
        if (resolved > 0)
        {
            logger.LogInformation("Membership claims: {Resolved} ended without a link", resolved);
        }
    }
}
