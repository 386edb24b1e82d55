using Changai.Domain.Quiz;
using Quartz;

namespace Changai.Jobs.Quiz;

/// <summary>Reminds workers who asked for it of today's question (08:00 Beijing time by default).</summary>
[DisallowConcurrentExecution]
public sealed class QuizDailyQuestionJob(QuizReminders reminders, ILogger<QuizDailyQuestionJob> logger) : IJob
{
    public const string Name = "quiz-daily-question";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var queued = await reminders.QueueDailyQuestionAsync(cancellationToken);
        logger.LogInformation("Queued {Count} daily-question reminders", queued);
    }
}
