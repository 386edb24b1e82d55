using Changai.Api.OfficerConsole.Audit;
using Changai.Api.OfficerConsole.Dashboard;
using Changai.Api.OfficerConsole.Members;
using Changai.Api.OfficerConsole.Membership;
using Changai.Api.OfficerConsole.Officers;
using Changai.Api.OfficerConsole.Organizations;
using Changai.Api.OfficerConsole.Quiz;
using Changai.Api.OfficerConsole.Subsidies;
using Changai.Api.OfficerConsole.Training;

namespace Changai.Api.OfficerConsole;

/// <summary>An entry of the console's menu, shown to officers who satisfy <see cref="Policy"/>.</summary>
public sealed record ConsoleNavItem(string Title, string Path, string Policy, int Order);

/// <summary>A part of the console (dashboard, membership review, officers, …): its menu entry and its endpoints, mapped under <c>/console</c>.</summary>
public interface IConsoleSection
{
    ConsoleNavItem Nav { get; }

    void Map(RouteGroupBuilder console);
}

public sealed class ConsoleSections(IReadOnlyList<IConsoleSection> all)
{
    public IReadOnlyList<IConsoleSection> All { get; } = all;

    /// <summary>Every section of the console, listed here (greppable, no discovery); the menu is sorted by each entry's order.</summary>
    public static ConsoleSections Create() => new(new IConsoleSection[]
    {
        new DashboardSection(),
        new MembershipSection(),
        new MemberImportSection(),
        new ClaimsSection(),
        new SubsidiesSection(),
        new ProgramsSection(),
        new PaymentsSection(),
        new TrainingSection(),
        new QuizSection(),
        new UnionTreeSection(),
        new UnionImportSection(),
        new OfficersSection(),
        new AuditSection(),
        new Jobs.JobsSection(),
    }.OrderBy(s => s.Nav.Order).ToList());
}
