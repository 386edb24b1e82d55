using Changai.Hosting.Jobs.Training;
using Changai.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>
/// The standalone Jobs host writes the recurring jobs to Hangfire's storage from configuration, removes the ones
/// configuration turns off or no longer names, and can build each training job (their services are registered there).
/// </summary>
public sealed class TrainingJobsTests
{
    [Fact]
    public async Task The_jobs_host_schedules_from_configuration_and_can_build_every_training_job()
    {
        await using var host = JobsHost.Build(["--environment", "Development"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = "Data Source=:memory:",
            ["Jobs:Store"] = "Memory",
            ["Jobs:Schedules:training-reminders"] = "*/10 * * * *",
            ["Jobs:Schedules:training-no-shows"] = "off",
        }));
        // A job retired from configuration, left in storage by an earlier version.
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ExpireSeatOffersJob>("retired-job", j => j.RunAsync(CancellationToken.None), "0 1 * * *");
        await host.StartAsync();
        try
        {
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            var recurring = connection.GetRecurringJobs().ToDictionary(j => j.Id);
            Assert.Equal("*/10 * * * *", recurring[TrainingRemindersJob.Name].Cron);          // the schedule comes from configuration
            Assert.Equal("* * * * *", recurring[ExpireSeatOffersJob.Name].Cron);               // a default where configuration is silent
            Assert.Contains(recurring[ExpireSeatOffersJob.Name].TimeZoneId, new[] { "Asia/Shanghai", "China Standard Time" });
            Assert.DoesNotContain(MarkNoShowsJob.Name, recurring.Keys);                        // "off" removes it
            Assert.DoesNotContain("retired-job", recurring.Keys);                              // not in configuration: removed
            Assert.Equal(typeof(TrainingRemindersJob), recurring[TrainingRemindersJob.Name].Job.Type);

            using var scope = host.Services.CreateScope();
            foreach (var type in new[] { typeof(ExpireSeatOffersJob), typeof(TrainingRemindersJob), typeof(MarkNoShowsJob) })
            {
                Assert.IsType(type, ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
