using Changai.Domain.Common;
using Changai.Hosting.Jobs.Maintenance;
using Changai.Hosting.Jobs.Membership;
using Changai.Hosting.Jobs.Notifications;
using Changai.Hosting.Jobs.Quiz;
using Changai.Hosting.Jobs.Subsidies;
using Changai.Hosting.Jobs.Training;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Hosting.Jobs;

/// <summary>
/// The recurring jobs, written to Hangfire's storage at start-up from configuration (cron in Asia/Shanghai). A job whose
/// schedule is <c>off</c>, and any recurring job in storage that is not in this list (renamed or retired), is removed, so
/// storage holds exactly what configuration says. Every Jobs process does this; it is idempotent.
/// </summary>
public sealed class RecurringJobs(IRecurringJobManager manager, JobStorage storage, IOptions<JobsOptions> options, ILogger<RecurringJobs> logger) : IHostedService
{
    public const string Off = "off";

    /// <summary>Name → default cron. Seconds first where a job runs more often than once a minute.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [PurgeExpiredRecordsJob.Name] = "30 3 * * *",
        [DispatchNotificationsJob.Name] = "*/10 * * * * *",
        [OfficerDigestJob.Name] = "0 9 * * *",
        [SubsidyRemindersJob.Name] = "15 9 * * *",
        [ExpireSeatOffersJob.Name] = "* * * * *",
        [TrainingRemindersJob.Name] = "*/5 * * * *",
        [MarkNoShowsJob.Name] = "*/15 * * * *",
        [QuizDailyQuestionJob.Name] = "0 8 * * *",
        [QuizCampaignRemindersJob.Name] = "*/5 * * * *",
        [ResolveClaimsJob.Name] = "*/10 * * * *",
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var schedules = options.Value.Schedules;
        var zone = new RecurringJobOptions { TimeZone = ChinaTime.Zone };
        var active = new HashSet<string>();
        foreach (var (name, fallback) in Defaults)
        {
            var cron = schedules.GetValueOrDefault(name, fallback);
            if (string.IsNullOrWhiteSpace(cron) || cron.Equals(Off, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            active.Add(name);
            try
            {
                AddOrUpdate(name, cron, zone);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new InvalidOperationException($"配置有误：Jobs:Schedules:{name} 不是有效的 cron 表达式（5 段，或以秒开头的 6 段）：{cron}", e);
            }
        }

        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id).Where(id => !active.Contains(id)))
        {
            manager.RemoveIfExists(stale);
            logger.LogInformation("Removed recurring job {Job}: not in configuration", stale);
        }

        return Task.CompletedTask;
    }

    private void AddOrUpdate(string name, string cron, RecurringJobOptions zone)
    {
        switch (name)
        {
            case PurgeExpiredRecordsJob.Name: manager.AddOrUpdate<PurgeExpiredRecordsJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case DispatchNotificationsJob.Name: manager.AddOrUpdate<DispatchNotificationsJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case OfficerDigestJob.Name: manager.AddOrUpdate<OfficerDigestJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case SubsidyRemindersJob.Name: manager.AddOrUpdate<SubsidyRemindersJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case ExpireSeatOffersJob.Name: manager.AddOrUpdate<ExpireSeatOffersJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case TrainingRemindersJob.Name: manager.AddOrUpdate<TrainingRemindersJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case MarkNoShowsJob.Name: manager.AddOrUpdate<MarkNoShowsJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case QuizDailyQuestionJob.Name: manager.AddOrUpdate<QuizDailyQuestionJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case QuizCampaignRemindersJob.Name: manager.AddOrUpdate<QuizCampaignRemindersJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
            case ResolveClaimsJob.Name: manager.AddOrUpdate<ResolveClaimsJob>(name, j => j.RunAsync(CancellationToken.None), cron, zone); break;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
