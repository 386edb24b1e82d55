using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Jobs;

/// <summary>
/// Hangfire's dashboard (servers, recurring jobs, retries, failures) at <c>/console/jobs</c>, inside the console's cookie
/// session: only officers holding <c>ManageJobs</c> get in (anyone else is sent to the login or the forbidden page, a
/// bearer token opens nothing); a province-level officer may act (trigger, retry, delete), everyone else allowed in only
/// reads. Hangfire checks the console's anti-forgery token on every POST itself (it finds <c>IAntiforgery</c>).
/// </summary>
public static class JobsDashboard
{
    public const string Path = ConsoleSetup.BasePath + "/jobs";
    private const string WritableKey = "changai.jobs.writable";

    /// <summary>Mapped on the app, not the console group: Hangfire sets its own path base, which a group prefix would break.</summary>
    public static void Map(WebApplication app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            // Access is the endpoint's policy; this filter only works out who may act (it runs before every page and command).
            Authorization = [],
            AsyncAuthorization = [new ProvinceLevelWrites()],
            IsReadOnlyFunc = context => context.GetHttpContext().Items[WritableKey] is not true,
            DashboardTitle = "后台任务",
            AppPath = ConsoleSetup.BasePath,
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(new AuthorizeAttribute(Policies.ManageJobs) { AuthenticationSchemes = ConsoleSession.Scheme });

    private sealed class ProvinceLevelWrites : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var db = http.RequestServices.GetRequiredService<AppDbContext>();
            var unionId = http.User.OfficerUnionId();
            var depth = await db.Unions.AsNoTracking().Where(u => u.Id == unionId).Select(u => (int?)u.Depth).FirstOrDefaultAsync(http.RequestAborted);
            http.Items[WritableKey] = depth == 0;
            return true;
        }
    }
}

/// <summary>The dashboard's menu entry, for officers who may open it.</summary>
public sealed class JobsSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("后台任务", JobsDashboard.Path, Policies.ManageJobs, 95);

    public void Map(RouteGroupBuilder console)
    {
        // The dashboard itself is mapped by JobsDashboard.Map on the app.
    }
}
