using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;

namespace Changai.Api.OfficerConsole.Dashboard;

/// <summary>首页: the figures of the officer's subtree, open to every officer (aggregates only, no personal data).</summary>
public sealed class DashboardSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("数据概览", ConsoleSetup.BasePath, Policies.Officer, 0);

    public void Map(RouteGroupBuilder console) => console.MapGet("/", async (OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
    {
        return ConsolePages.Render(new DashboardPage.Data
        {
            Figures = await DashboardFigures.ForAsync(officer, db, scope, time, ct),
            Activity = await ActivityFigures.ForAsync(officer, db, scope, ct),
        });
    });
}
