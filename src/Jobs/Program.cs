using Changai.Hosting;

namespace Changai.Jobs;

/// <summary>
/// The standalone Jobs host: a Hangfire server on PostgreSQL storage (several processes share it) with a health endpoint.
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
        builder.Services.AddChangaiCore(builder.Configuration, builder.Environment, ChangaiHost.Jobs);
        // Graceful shutdown: Hangfire's server lets running jobs finish; give it the time to.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        var app = builder.Build();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
