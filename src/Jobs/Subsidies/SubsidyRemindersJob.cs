using Changai.Domain.Subsidies;
using Quartz;

namespace Changai.Jobs.Subsidies;

/// <summary>Daily subsidy reminders: correction deadlines, the officers' review digest and escalation (09:15 Beijing time by default).</summary>
[DisallowConcurrentExecution]
public sealed class SubsidyRemindersJob(SubsidyReminders reminders, ILogger<SubsidyRemindersJob> logger) : IJob
{
    public const string Name = "subsidy-reminders";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await reminders.RunAsync(cancellationToken);
        logger.LogInformation("Subsidy reminders: {Expired} expired, {Corrections} correction reminders, {Digests} digests, {Escalations} escalations",
            run.Expired, run.CorrectionReminders, run.Digests, run.Escalations);
    }
}
