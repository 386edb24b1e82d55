using Changai.Domain.Caching;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.Domain.Telemetry;
using Changai.Domain.Training;
using Changai.WeChat;

namespace Changai.Jobs;

/// <summary>
/// The standalone Jobs host: runs the Quartz jobs (clustered on PostgreSQL in production) with a health endpoint.
/// A named class rather than top-level statements, so it does not collide with the API's Program where both are loaded.
/// </summary>
public static class JobsHost
{
    public static void Main(string[] args) => Build(args).Run();

    /// <param name="configure">Runs before anything reads configuration (tests add settings and route WeChat calls here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddAppDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWeChatClient();
        builder.Services.AddChangaiTelemetry();
        builder.Services.AddNotifications();
        builder.Services.AddTraining();
        builder.Services.AddChangaiJobs(builder.Configuration);
        // Ready when the database answers and the scheduler is running.
        var health = builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database").AddCheck<SchedulerHealthCheck>("scheduler");
        builder.Services.AddRedisIfConfigured(builder.Configuration, health);
        // Graceful shutdown: Quartz waits for running jobs (JobsSetup); give it the time to.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        var app = builder.Build();
        app.MapHealthChecks("/health/ready");
        return app;
    }
}
