using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.WeChat;
using Quartz;

namespace Changai.Jobs;

/// <summary>
/// The standalone Jobs host: runs the Quartz jobs (clustered on PostgreSQL in production) with a health endpoint.
/// A named class rather than top-level statements, so it does not collide with the API's Program where both are loaded.
/// </summary>
public static class JobsHost
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAppDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWeChatClient();
        builder.Services.AddNotifications();
        builder.Services.AddChangaiJobs(builder.Configuration);
        // Ready when the database answers and the scheduler is running (started, not in standby, not shut down).
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database").AddCheck<SchedulerHealthCheck>("scheduler");
        // Graceful shutdown: let running jobs finish (Quartz waits for them, see JobsSetup) before the host is killed.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        var app = builder.Build();
        app.MapHealthChecks("/health/ready");
        app.Run();
    }
}
