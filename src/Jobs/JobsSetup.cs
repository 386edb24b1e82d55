using Changai.Domain.Data;
using Changai.Domain.Quiz;
using Changai.Domain.Subsidies;
using Changai.Jobs.Maintenance;
using Changai.Jobs.Notifications;
using Changai.Jobs.Quiz;
using Changai.Jobs.Subsidies;
using Changai.Jobs.Training;
using Quartz;

namespace Changai.Jobs;

public enum JobStore
{
    /// <summary>Quartz's RAM store, inside the API process (embedded default).</summary>
    Memory,
    /// <summary>Quartz's ADO.NET store on PostgreSQL, clustered across Jobs processes.</summary>
    Postgres,
}

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Whether the API process runs the jobs itself (embedded default). Production runs them in src/Jobs.</summary>
    public bool InProcess { get; set; } = true;

    public JobStore Store { get; set; } = JobStore.Memory;

    /// <summary>Cron expressions (Quartz syntax, time zone Asia/Shanghai) by job name.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}

public static class JobsSetup
{
    private static readonly TimeZoneInfo China = Domain.Common.ChinaTime.Zone;

    public static IServiceCollection AddChangaiJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        services.AddScoped<RecordRetention>();
        services.AddSingleton<DispatchRunGate>();
        services.AddSubsidies();
        services.AddQuiz();
        services.AddQuartz(q =>
        {
            if (options.Store == JobStore.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(configuration.GetConnectionString("Default")!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            Schedule<PurgeExpiredRecordsJob>(q, options, PurgeExpiredRecordsJob.Name, "0 30 3 * * ?");
            Schedule<DispatchNotificationsJob>(q, options, DispatchNotificationsJob.Name, "0/2 * * * * ?");
            Schedule<OfficerDigestJob>(q, options, OfficerDigestJob.Name, "0 0 9 * * ?");
            Schedule<SubsidyRemindersJob>(q, options, SubsidyRemindersJob.Name, "0 15 9 * * ?");
            Schedule<ExpireSeatOffersJob>(q, options, ExpireSeatOffersJob.Name, "0 * * * * ?");
            Schedule<TrainingRemindersJob>(q, options, TrainingRemindersJob.Name, "0 0/5 * * * ?");
            Schedule<MarkNoShowsJob>(q, options, MarkNoShowsJob.Name, "0 0/15 * * * ?");
            Schedule<QuizDailyQuestionJob>(q, options, QuizDailyQuestionJob.Name, "0 0 8 * * ?");
            Schedule<QuizCampaignRemindersJob>(q, options, QuizCampaignRemindersJob.Name, "0 0/5 * * * ?");
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void Schedule<TJob>(IQuartzBuilder q, JobsOptions options, string name, string defaultCron)
        where TJob : IJob
    {
        var cron = options.Schedules.GetValueOrDefault(name, defaultCron);
        q.ScheduleJob<TJob>(trigger => trigger.WithIdentity(name).WithCronSchedule(cron, c => c.InTimeZone(China)));
    }
}
