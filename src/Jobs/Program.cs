using Changai.Domain.Data;

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
        builder.Services.AddChangaiJobs(builder.Configuration);
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        var app = builder.Build();
        app.MapHealthChecks("/health/ready");
        app.Run();
    }
}
