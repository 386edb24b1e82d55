using Changai.Domain.Quiz;
using Quartz;

namespace Changai.Jobs.Quiz;

/// <summary>Queues the opening and last-day reminders of campaigns (every 5 minutes by default; each is sent once).</summary>
[DisallowConcurrentExecution]
public sealed class QuizCampaignRemindersJob(QuizReminders reminders, ILogger<QuizCampaignRemindersJob> logger) : IJob
{
    public const string Name = "quiz-campaign-reminders";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var queued = await reminders.QueueCampaignRemindersAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} campaign reminders", queued);
        }
    }
}
