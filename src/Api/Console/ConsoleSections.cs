namespace Changai.Api.OfficerConsole;

/// <summary>An entry of the console's menu, shown to officers who satisfy <see cref="Policy"/>.</summary>
public sealed record ConsoleNavItem(string Title, string Path, string Policy, int Order);

/// <summary>
/// A part of the console (dashboard, membership review, officers, …): its menu entry and its endpoints, mapped under
/// <c>/console</c>. Implementations are found in this assembly, so a feature's pages slot in without editing shared files.
/// </summary>
public interface IConsoleSection
{
    ConsoleNavItem Nav { get; }

    void Map(RouteGroupBuilder console);
}

public sealed class ConsoleSections(IReadOnlyList<IConsoleSection> all)
{
    public IReadOnlyList<IConsoleSection> All { get; } = all;

    public static ConsoleSections Discover() => new(typeof(ConsoleSections).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IConsoleSection).IsAssignableFrom(t))
        .Select(t => (IConsoleSection)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Nav.Order)
        .ToList());
}
