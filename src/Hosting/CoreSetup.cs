using Changai.Domain.Caching;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Quiz;
using Changai.Domain.Subsidies;
using Changai.Domain.Telemetry;
using Changai.Domain.Training;
using Changai.Hosting.Jobs;
using Changai.WeChat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Changai.Hosting;

public static class CoreSetup
{
    /// <summary>
    /// What both hosts share, registered once: the production checks (refusing to start misconfigured), the database,
    /// Redis when configured, the WeChat client, the domain services the jobs and the use cases call, and Hangfire (a
    /// server in every Jobs process, and in the API only for the embedded default). Health checks tagged <c>ready</c>.
    /// </summary>
    public static IHealthChecksBuilder AddChangaiCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, ChangaiHost host)
    {
        ProductionChecks.Enforce(configuration, environment, host);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAppDatabase(configuration, environment.ContentRootPath);
        var health = services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        services.AddRedisIfConfigured(configuration, health);
        services.AddWeChatClient();
        services.AddChangaiTelemetry();
        services.AddNotifications();
        services.AddTraining();
        services.AddSubsidies();
        services.AddQuiz();
        services.AddMembership();
        var runServer = host == ChangaiHost.Jobs || configuration.GetValue("Jobs:InProcess", true);
        services.AddChangaiJobs(configuration, runServer, health);
        return health;
    }
}
