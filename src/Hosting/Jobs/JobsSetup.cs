using Changai.Domain.Data;
using Changai.Hosting.Jobs.Notifications;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using System.Diagnostics.Metrics;
using Changai.Domain.Telemetry;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Changai.Hosting.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire's storage and client in every process that enqueues or shows jobs (both hosts, the API's dashboard), and a
    /// Hangfire server with the recurring jobs where <paramref name="runServer"/> says so: every Jobs process, and the API
    /// itself in the embedded default (<c>Jobs:InProcess</c>).
    /// </summary>
    public static IServiceCollection AddChangaiJobs(this IServiceCollection services, IConfiguration configuration, bool runServer, IHealthChecksBuilder health)
    {
        // Schedules are checked where Hangfire parses them (RecurringJobs, at start): a bad cron stops the start.
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        services.AddScoped<RecordRetention>();
        services.AddSingleton<DispatchRunGate>();
        services.AddSingleton<DispatchTrigger>();
        services.AddSingleton<IInterceptor, NotificationCommitInterceptor>();
        // This host's storage and activator as DI singletons, so Hangfire's client, server and dashboard use them rather
        // than the process-wide JobStorage.Current / JobActivator.Current (several hosts share a process in tests).
        services.AddSingleton<JobStorage>(_ => CreateStorage(options, configuration));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));

        // Hangfire's queues in /metrics: jobs waiting per queue, and the retry, scheduled and failed sets.
        services.AddCachedGauge("changai.jobs.queued", "{job}", "Hangfire jobs by state (enqueued per queue, scheduled, retrying, failed)", new GaugeReader((provider, _) =>
        {
            var monitoring = provider.GetRequiredService<JobStorage>().GetMonitoringApi();
            var statistics = monitoring.GetStatistics();
            IReadOnlyList<Measurement<long>> values =
            [
                .. monitoring.Queues().Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("state", "enqueued"), new KeyValuePair<string, object?>("queue", q.Name))),
                new(statistics.Scheduled, new KeyValuePair<string, object?>("state", "scheduled")),
                new(statistics.Retries ?? 0, new KeyValuePair<string, object?>("state", "retrying")),
                new(statistics.Failed, new KeyValuePair<string, object?>("state", "failed")),
            ];
            return Task.FromResult(values);
        }));

        if (runServer)
        {
            services.AddHangfireServer(server =>
            {
                server.ServerName = ServerName;
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(options.SchedulePollingSeconds);
                server.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
            services.AddHostedService<RecurringJobs>();
            health.AddCheck<JobServerHealthCheck>("jobs", tags: ["ready"]);
        }

        return services;
    }

    private static JobStorage CreateStorage(JobsOptions options, IConfiguration configuration)
    {
        if (options.Store == JobStore.Memory)
        {
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        }

        var connectionString = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("缺少数据库连接串：ConnectionStrings:Default");
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY: an enqueued dispatch starts at once instead of at the next poll.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(5),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(options.InvisibilityTimeoutSeconds),
        };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
    }

    /// <summary>This process's Hangfire server name (Hangfire appends a unique suffix); the health check looks for it.</summary>
    public static readonly string ServerName = $"changai-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
}

/// <summary>Ready while this process's Hangfire server has a fresh heartbeat in the job storage.</summary>
public sealed class JobServerHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mine = storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(JobsSetup.ServerName, StringComparison.Ordinal));
        return Task.FromResult(mine?.Heartbeat is { } beat && time.GetUtcNow().UtcDateTime - beat < TimeSpan.FromMinutes(1)
            ? HealthCheckResult.Healthy($"server {mine.Name}, {mine.WorkersCount} workers")
            : HealthCheckResult.Unhealthy("任务服务器未运行或心跳过期"));
    }
}
