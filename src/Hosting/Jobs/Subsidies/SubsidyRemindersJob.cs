using Changai.Domain.Subsidies;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Subsidies;

/// <summary>Daily subsidy reminders: correction deadlines, the officers' review digest and escalation (09:15 Beijing time by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class SubsidyRemindersJob(SubsidyReminders reminders, ILogger<SubsidyRemindersJob> logger)
{
    public const string Name = "subsidy-reminders";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await reminders.RunAsync(cancellationToken);
        logger.LogInformation("Subsidy reminders: {Expired} expired, {Corrections} correction reminders, {Digests} digests, {Escalations} escalations",
            run.Expired, run.CorrectionReminders, run.Digests, run.Escalations);
    }
}
