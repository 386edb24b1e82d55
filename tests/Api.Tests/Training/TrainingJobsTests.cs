using Changai.Jobs;
using Changai.Jobs.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>The standalone Jobs host schedules the training jobs and can build each of them (their services are registered there too).</summary>
public sealed class TrainingJobsTests
{
    [Fact]
    public async Task The_jobs_host_schedules_and_can_build_every_training_job()
    {
        await using var host = JobsHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = "Data Source=:memory:",
            ["Jobs:Store"] = "Memory",
            ["Jobs:Schedules:training-reminders"] = "0 0/10 * * * ?",
        }));
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        using var scope = host.Services.CreateScope();
        foreach (var (name, type) in new[]
                 {
                     (ExpireSeatOffersJob.Name, typeof(ExpireSeatOffersJob)), (TrainingRemindersJob.Name, typeof(TrainingRemindersJob)),
                     (MarkNoShowsJob.Name, typeof(MarkNoShowsJob)),
                 })
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(name));
            Assert.NotNull(trigger);
            Assert.Equal(type, (await scheduler.GetJobDetail(trigger.JobKey))!.JobType);
            Assert.IsType(type, ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }

        var reminders = (ICronTrigger)(await scheduler.GetTrigger(new TriggerKey(TrainingRemindersJob.Name)))!;
        Assert.Equal("0 0/10 * * * ?", reminders.CronExpressionString); // the schedule comes from configuration
    }
}
