using System.Security.Cryptography;

namespace Changai.Domain.Quiz;

/// <summary>A question a campaign may draw: its current version, chapter and option ids.</summary>
public sealed record PoolQuestion(Guid QuestionId, Guid VersionId, string Chapter, QuestionKind Kind, IReadOnlyList<string> OptionIds);

/// <summary>
/// Builds an attempt: questions at random with at least the chapter quotas, in random order, each with its options in a
/// random order of its own (true/false keeps 正确 before 错误). The server alone decides; nothing a client sends steers it.
/// </summary>
public static class QuestionPicker
{
    /// <summary>A uniform integer in [0, n), unpredictable to clients.</summary>
    public static int SecureRandom(int n) => RandomNumberGenerator.GetInt32(n);

    public static IReadOnlyList<PoolQuestion> Pick(IReadOnlyList<PoolQuestion> pool, int count, IReadOnlyDictionary<string, int> quotas, Func<int, int> random)
    {
        if (Problems(pool, count, quotas).FirstOrDefault() is { } problem)
        {
            throw new Common.DomainException("quiz.campaign.pool_too_small", problem);
        }

        var picked = new List<PoolQuestion>();
        foreach (var (chapter, quota) in quotas)
        {
            picked.AddRange(Shuffle(pool.Where(q => q.Chapter == chapter).ToList(), random).Take(quota));
        }

        var rest = Shuffle(pool.Where(q => !picked.Contains(q)).ToList(), random);
        picked.AddRange(rest.Take(count - picked.Count));
        return Shuffle(picked, random);
    }

    /// <summary>The author's option ids in the order this attempt shows them, comma separated.</summary>
    public static string OptionOrder(PoolQuestion question, Func<int, int> random) =>
        string.Join(',', question.Kind == QuestionKind.TrueFalse ? question.OptionIds : Shuffle([.. question.OptionIds], random));

    /// <summary>Why this pool cannot make attempts of <paramref name="count"/> questions with these quotas (zh-CN), if it cannot.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<PoolQuestion> pool, int count, IReadOnlyDictionary<string, int> quotas)
    {
        var problems = new List<string>();
        if (pool.Count < count)
        {
            problems.Add($"可用题目只有 {pool.Count} 道，少于每次答题的 {count} 道");
        }

        foreach (var (chapter, quota) in quotas)
        {
            var available = pool.Count(q => q.Chapter == chapter);
            if (available < quota)
            {
                problems.Add($"章节“{chapter}”只有 {available} 道题，少于要求的 {quota} 道");
            }
        }

        if (quotas.Values.Sum() > count)
        {
            problems.Add("各章节题数之和超过了每次答题的题数");
        }

        return problems;
    }

    private static List<T> Shuffle<T>(List<T> items, Func<int, int> random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
