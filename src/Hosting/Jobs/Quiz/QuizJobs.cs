using Changai.Domain.Quiz;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Quiz;

/// <summary>Queues the opening and last-day reminders of campaigns (every 5 minutes by default; each is sent once).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class QuizCampaignRemindersJob(QuizReminders reminders, ILogger<QuizCampaignRemindersJob> logger)
{
    public const string Name = "quiz-campaign-reminders";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await reminders.QueueCampaignRemindersAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} campaign reminders", queued);
        }
    }
}

/// <summary>Reminds workers who asked for it of today's question (08:00 Beijing time by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class QuizDailyQuestionJob(QuizReminders reminders, ILogger<QuizDailyQuestionJob> logger)
{
    public const string Name = "quiz-daily-question";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await reminders.QueueDailyQuestionAsync(cancellationToken);
        logger.LogInformation("Queued {Count} daily-question reminders", queued);
    }
}
