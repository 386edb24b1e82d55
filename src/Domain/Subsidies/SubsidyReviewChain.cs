using Changai.Domain.Organizations;

namespace Changai.Domain.Subsidies;

/// <summary>
/// Resolves a programme's review levels against the applicant's ancestry in the union tree (grassroots → county → city →
/// province). A level the applicant's branch does not have — a regional union directly under a city union has no
/// county — is skipped.
/// </summary>
public static class SubsidyReviewChain
{
    /// <param name="ancestry">The applicant's member union and its ancestors, in any order.</param>
    public static IReadOnlyList<ChainStep> Build(IReadOnlyList<ReviewStepRule> levels, Union memberUnion, IReadOnlyCollection<Union> ancestry)
    {
        var steps = new List<ChainStep>();
        foreach (var rule in levels)
        {
            var union = rule.Level == ReviewLevel.Grassroots
                ? memberUnion.Kind is UnionKind.Grassroots or UnionKind.Regional or UnionKind.Industry ? memberUnion : null
                : ancestry.Where(u => u.Kind == KindOf(rule.Level) && u.Contains(memberUnion)).MaxBy(u => u.Depth);
            if (union is not null)
            {
                steps.Add(new ChainStep(rule.Level, union.Id, union.Name, rule.DeadlineDays));
            }
        }

        return steps;
    }

    /// <summary>The level a union's officers review at.</summary>
    public static ReviewLevel? LevelOf(UnionKind kind) => kind switch
    {
        UnionKind.Province => ReviewLevel.Province,
        UnionKind.Prefecture => ReviewLevel.City,
        UnionKind.County => ReviewLevel.County,
        _ => ReviewLevel.Grassroots,
    };

    /// <summary>The union codes on a materialised path (<c>/53/5301/530111/</c> → 53, 5301, 530111).</summary>
    public static IReadOnlyList<string> CodesOnPath(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static UnionKind KindOf(ReviewLevel level) => level switch
    {
        ReviewLevel.County => UnionKind.County,
        ReviewLevel.City => UnionKind.Prefecture,
        _ => UnionKind.Province,
    };
}
