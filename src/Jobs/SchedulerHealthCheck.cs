using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Changai.Jobs;

/// <summary>Healthy while this process's Quartz scheduler is running (not created-only, in standby or shut down).</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"scheduler {scheduler.SchedulerInstanceId} running")
            : HealthCheckResult.Unhealthy($"调度器未运行（{scheduler.Status}）");
    }
}
