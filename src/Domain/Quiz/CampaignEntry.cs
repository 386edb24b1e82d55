using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Quiz;

/// <summary>
/// A worker's standing in a campaign: the attempt that counts (best or latest, by the campaign's rule). One row per
/// worker; the individual leaderboard is these rows ordered by <see cref="RankKey"/>, in SQL or in a Redis sorted set.
/// </summary>
public sealed class QuizCampaignEntry
{
    public Guid CampaignId { get; init; }

    public Guid WorkerId { get; init; }

    public Guid AttemptId { get; set; }

    public Guid? UnionId { get; set; }

    public string? PrefectureCode { get; set; }

    /// <summary>Masked real name (<c>张**</c>), as shown on the leaderboard.</summary>
    public required string DisplayName { get; set; }

    public int Score { get; set; }

    public int CorrectCount { get; set; }

    public DateTime FinishedAt { get; set; }

    public int DurationMs { get; set; }

    /// <summary>See <see cref="Ranking.KeyOf"/>: higher ranks first.</summary>
    public long RankKey { get; set; }

    /// <summary>Submitted attempts that were ranked (flagged ones are not).</summary>
    public int RankedAttempts { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Takes a newly scored attempt into account; returns whether the standing changed.</summary>
    public bool Consider(QuizAttempt attempt, long rankKey, ScoringRule rule, DateTime now)
    {
        RankedAttempts++;
        UpdatedAt = now;
        if (rule == ScoringRule.Best && AttemptId != Guid.Empty && rankKey <= RankKey)
        {
            return false;
        }

        AttemptId = attempt.Id;
        Score = attempt.Score;
        CorrectCount = attempt.CorrectCount;
        FinishedAt = attempt.SubmittedAt!.Value;
        DurationMs = attempt.DurationMs;
        RankKey = rankKey;
        return true;
    }
}

/// <summary>
/// The leaderboard order as one integer, so SQL (<c>ORDER BY RankKey DESC, WorkerId DESC</c>) and a Redis sorted set
/// (score = the key, member = the worker id; ZREVRANGE orders equal scores by member descending) agree exactly. Higher
/// score first; then earlier finish (10 ms steps since the campaign opened); then shorter duration (100 ms steps).
/// 7 + 30 + 16 bits = 53, so the key is exact as a Redis double.
/// </summary>
public static class Ranking
{
    private const int FinishBits = 30;
    private const int DurationBits = 16;
    private const long MaxFinishUnits = (1L << FinishBits) - 1;
    private const long MaxDurationUnits = (1L << DurationBits) - 1;

    public static long KeyOf(int score, DateTime finishedAt, DateTime campaignStartsAt, int durationMs)
    {
        var finishUnits = Math.Clamp((finishedAt - campaignStartsAt).Ticks / (TimeSpan.TicksPerMillisecond * 10), 0, MaxFinishUnits);
        var durationUnits = Math.Clamp(durationMs / 100L, 0, MaxDurationUnits);
        return ((long)Math.Clamp(score, 0, 100) << (FinishBits + DurationBits))
            | ((MaxFinishUnits - finishUnits) << DurationBits)
            | (MaxDurationUnits - durationUnits);
    }

    public static int ScoreOf(long key) => (int)(key >> (FinishBits + DurationBits));

    /// <summary>The member of a worker in the Redis sorted set; its ordinal order is the SQL order of the uuid.</summary>
    public static string Member(Guid workerId) => workerId.ToString("N");

    /// <summary>Order of two entries with the same key, as SQL and Redis break the tie: the greater worker id first.</summary>
    public static int CompareTies(Guid a, Guid b) => string.CompareOrdinal(Member(b), Member(a));
}

internal sealed class QuizCampaignEntryMapping : IEntityTypeConfiguration<QuizCampaignEntry>
{
    public void Configure(EntityTypeBuilder<QuizCampaignEntry> e)
    {
        e.HasKey(x => new { x.CampaignId, x.WorkerId });
        e.HasIndex(x => new { x.CampaignId, x.RankKey, x.WorkerId });
        e.HasIndex(x => new { x.CampaignId, x.UpdatedAt });
        e.HasOne<QuizCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A prize winner: drawn from the seed, or placed in the top N.</summary>
public sealed class QuizPrizeWinner
{
    public Guid Id { get; init; }

    public Guid CampaignId { get; init; }

    /// <summary>1 for the first drawn (or the best placed).</summary>
    public int Rank { get; init; }

    public Guid WorkerId { get; init; }

    /// <summary>The published entry id: the attempt that qualified.</summary>
    public Guid AttemptId { get; init; }

    public required string DisplayName { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class QuizPrizeWinnerMapping : IEntityTypeConfiguration<QuizPrizeWinner>
{
    public void Configure(EntityTypeBuilder<QuizPrizeWinner> e)
    {
        e.HasIndex(x => new { x.CampaignId, x.Rank }).IsUnique();
        e.HasIndex(x => new { x.CampaignId, x.WorkerId }).IsUnique();
        e.HasOne<QuizCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
    }
}
