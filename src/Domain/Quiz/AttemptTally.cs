using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Quiz;

/// <summary>
/// How a set of quiz attempts is counted, the one definition every page, export and API answer uses: participants are the
/// workers who started at least one attempt, <see cref="Started"/> every attempt, <see cref="Submitted"/> the handed-in
/// ones, and <see cref="Flagged"/> (异常答卷) the handed-in attempts answered faster than a person can read
/// (<see cref="QuizAttempt.IsFlagged"/>): kept, but neither ranked nor in the prize draw.
/// </summary>
public sealed record AttemptTally(int Participants, int Started, int Submitted, int Flagged)
{
    public static readonly AttemptTally None = new(0, 0, 0, 0);

    /// <summary>The flagged attempts (异常答卷): handed in, and too fast.</summary>
    public static readonly Expression<Func<QuizAttempt, bool>> IsFlagged = a => a.Status == AttemptStatus.Submitted && a.IsFlagged;

    /// <summary>The attempts counted as one group, in one query.</summary>
    public static async Task<AttemptTally> OfAsync(IQueryable<QuizAttempt> attempts, CancellationToken ct) =>
        (await ByAsync(attempts, a => 1, ct)).GetValueOrDefault(1) ?? None;

    /// <summary>The attempts counted per key (a campaign, a prefecture), in one query.</summary>
    public static async Task<Dictionary<TKey, AttemptTally>> ByAsync<TKey>(
        IQueryable<QuizAttempt> attempts, Expression<Func<QuizAttempt, TKey>> key, CancellationToken ct) where TKey : notnull
    {
        var rows = await attempts.GroupBy(key).Select(g => new
        {
            g.Key,
            Participants = g.Select(a => a.WorkerId).Distinct().Count(),
            Started = g.Count(),
            Submitted = g.Count(a => a.Status == AttemptStatus.Submitted),
            Flagged = g.Count(a => a.Status == AttemptStatus.Submitted && a.IsFlagged),
        }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => new AttemptTally(r.Participants, r.Started, r.Submitted, r.Flagged));
    }
}
