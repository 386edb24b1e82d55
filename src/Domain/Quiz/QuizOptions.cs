namespace Changai.Domain.Quiz;

public sealed class QuizOptions
{
    public const string SectionName = "Quiz";

    /// <summary>Answers arriving this long after the deadline still count (slow mobile networks).</summary>
    public int SubmitGraceSeconds { get; set; } = 5;

    /// <summary>An attempt submitted faster than this per question is flagged: not ranked, not in the draw.</summary>
    public double MinSecondsPerQuestion { get; set; } = 2;

    /// <summary>Accounts WeChat's risk check ranks at or above this (0–4) are left out of prize draws.</summary>
    public int HighRiskRank { get; set; } = 3;

    /// <summary>The Redis leaderboard is rebuilt from SQL after this long, which bounds how stale a missed write leaves it.</summary>
    public int LeaderboardRebuildMinutes { get; set; } = 30;

    /// <summary>How long a campaign's question pool is cached by the API (questions edited meanwhile appear after this).</summary>
    public int QuestionPoolCacheSeconds { get; set; } = 60;
}
