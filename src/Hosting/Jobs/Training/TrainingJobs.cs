using Changai.Domain.Training;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Changai.Hosting.Jobs.Training;

/// <summary>Seat offers not confirmed in time pass to the next on the waitlist (every minute by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class ExpireSeatOffersJob(SeatOfferExpiry expiry, ILogger<ExpireSeatOffersJob> logger)
{
    public const string Name = "training-expire-offers";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var expired = await expiry.ExpireDueAsync(cancellationToken);
        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} seat offers and passed the seats on", expired);
        }
    }
}

/// <summary>Day-before and two-hours-before reminders for confirmed seats (every 5 minutes by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class TrainingRemindersJob(TrainingReminders reminders, ILogger<TrainingRemindersJob> logger)
{
    public const string Name = "training-reminders";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await reminders.QueueDueAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} training reminders", queued);
        }
    }
}

/// <summary>Confirmed seats not checked in when the check-in window closed become no-shows (every 15 minutes by default).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 3)]
public sealed class MarkNoShowsJob(AttendanceRegister register, ILogger<MarkNoShowsJob> logger)
{
    public const string Name = "training-no-shows";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var marked = await register.MarkNoShowsAsync(cancellationToken);
        if (marked > 0)
        {
            logger.LogInformation("Marked {Count} no-shows", marked);
        }
    }
}
