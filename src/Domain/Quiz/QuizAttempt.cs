using System.Security.Cryptography;
using System.Text;
using Changai.Domain.Common;
using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Quiz;

public enum AttemptStatus
{
    InProgress,
    Submitted,
}

/// <summary>An answer as the worker sends it: the question and the option ids as they were shown in this attempt.</summary>
public sealed record AttemptAnswer(Guid QuestionId, IReadOnlyList<string> OptionIds);

public enum SubmitOutcome
{
    /// <summary>Scored now.</summary>
    Scored,
    /// <summary>The same answers were already scored: the stored result stands and nothing counts twice.</summary>
    Replayed,
}

/// <summary>
/// One try at a campaign. The server chose its questions and their option order when it started; it keeps the
/// question versions it showed and judges the answers against them, within the deadline, exactly once.
/// </summary>
public sealed class QuizAttempt
{
    public Guid Id { get; init; }

    public Guid CampaignId { get; init; }

    public Guid WorkerId { get; init; }

    /// <summary>The worker's member union when they started (for union rankings), if they were a member.</summary>
    public Guid? UnionId { get; init; }

    /// <summary>The worker's prefecture (4-digit code) when they started, for the figures.</summary>
    public string? PrefectureCode { get; init; }

    /// <summary>1 for the worker's first attempt at the campaign; unique, so two racing starts cannot both pass the limit.</summary>
    public int Sequence { get; init; }

    /// <summary>The China date the attempt was started on.</summary>
    public DateOnly ChinaDay { get; init; }

    /// <summary>1 for the first attempt of that day; unique per day for the same reason.</summary>
    public int DaySequence { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime Deadline { get; init; }

    public AttemptStatus Status { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public int CorrectCount { get; private set; }

    public int QuestionCount { get; init; }

    /// <summary>0–100.</summary>
    public int Score { get; private set; }

    public int DurationMs { get; private set; }

    /// <summary>SHA-256 of the normalised answers, to recognise a retried identical submission.</summary>
    public string? SubmissionHash { get; private set; }

    /// <summary>Answered faster than a person can read: kept, but not ranked and not in the draw.</summary>
    public bool IsFlagged { get; private set; }

    public string? ClientIp { get; private set; }

    public int Version { get; set; }

    /// <summary>The questions as shown, stored inline with the attempt (one JSON column): a start writes one row, a submit updates one.</summary>
    public List<QuizAttemptQuestion> Questions { get; init; } = [];

    /// <summary>Whether answers are still taken (the deadline plus the grace for slow networks).</summary>
    public bool AcceptsAnswersAt(DateTime now, TimeSpan grace) => Status == AttemptStatus.InProgress && now <= Deadline + grace;

    /// <summary>Scores the answers, or recognises a retry of the submission already scored.</summary>
    public SubmitOutcome Submit(
        IReadOnlyList<AttemptAnswer> answers, Func<Guid, IReadOnlySet<string>> correctOptionsOfVersion, DateTime now, TimeSpan grace,
        TimeSpan minimumPerQuestion, string? clientIp)
    {
        var hash = HashOf(answers);
        if (Status == AttemptStatus.Submitted)
        {
            return hash == SubmissionHash
                ? SubmitOutcome.Replayed
                : throw DomainException.Conflict("quiz.attempt.already_submitted", "本次答题已经交卷，不能再修改答案");
        }

        if (now > Deadline + grace)
        {
            throw new DomainException("quiz.attempt.deadline_passed", "答题时间已到，本次答卷未被接受");
        }

        var byQuestion = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var answer in answers)
        {
            var question = Questions.SingleOrDefault(q => q.QuestionId == answer.QuestionId)
                ?? throw DomainException.BadRequest("quiz.attempt.unknown_question", "答卷中有不属于本次答题的题目");
            if (!byQuestion.TryAdd(answer.QuestionId, answer.OptionIds))
            {
                throw DomainException.BadRequest("quiz.attempt.duplicate_question", "同一道题只能作答一次");
            }

            if (answer.OptionIds.Any(id => !question.ShowsOption(id)))
            {
                throw DomainException.BadRequest("quiz.attempt.unknown_option", "答卷中有不存在的选项");
            }
        }

        foreach (var question in Questions)
        {
            var chosen = byQuestion.GetValueOrDefault(question.QuestionId, []).Select(question.ToOriginal).Distinct().Order(StringComparer.Ordinal).ToList();
            question.Chosen = string.Join(',', chosen);
            question.IsCorrect = chosen.Count > 0 && QuestionContent.IsCorrect(correctOptionsOfVersion(question.QuestionVersionId), chosen);
        }

        CorrectCount = Questions.Count(q => q.IsCorrect == true);
        Score = ScoreOf(CorrectCount, QuestionCount);
        Status = AttemptStatus.Submitted;
        SubmittedAt = now;
        DurationMs = (int)Math.Clamp((now - StartedAt).TotalMilliseconds, 0, int.MaxValue);
        IsFlagged = now - StartedAt < minimumPerQuestion * QuestionCount;
        SubmissionHash = hash;
        ClientIp = clientIp;
        return SubmitOutcome.Scored;
    }

    /// <summary>Percent of questions right, rounded half up; 100 only when every question is right.</summary>
    public static int ScoreOf(int correct, int count) => count == 0 ? 0 : correct == count ? 100 : Math.Min(99, (correct * 200 + count) / (2 * count));

    /// <summary>Order and duplicates of answers or options do not matter; unanswered questions and empty answers are the same.</summary>
    public static string HashOf(IEnumerable<AttemptAnswer> answers)
    {
        var text = string.Join(';', answers.Where(a => a.OptionIds.Count > 0)
            .Select(a => a.QuestionId.ToString("N") + ":" + string.Join(',', a.OptionIds.Select(o => o.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>
/// A question as one attempt showed it. <see cref="OptionOrder"/> lists the author's option ids in the order shown; the
/// worker sees them as A, B, C … by position, so an option's id says nothing about how the author ordered them. Part of
/// its attempt's row (a JSON array), not a row of its own.
/// </summary>
public sealed class QuizAttemptQuestion
{
    public int Position { get; init; }

    public Guid QuestionId { get; init; }

    public Guid QuestionVersionId { get; init; }

    /// <summary>e.g. <c>C,A,D,B</c>: shown option A is the author's C.</summary>
    public required string OptionOrder { get; init; }

    /// <summary>The author's ids of the options chosen, once submitted.</summary>
    public string? Chosen { get; set; }

    public bool? IsCorrect { get; set; }

    public IReadOnlyList<string> Order() => OptionOrder.Split(',');

    public bool ShowsOption(string displayId) => DisplayIndex(displayId) is { } i && i < Order().Count;

    public string ToOriginal(string displayId) => Order()[DisplayIndex(displayId) ?? throw new ArgumentOutOfRangeException(nameof(displayId))];

    public string ToDisplay(string originalId) => QuestionContent.OptionId(Order().ToList().IndexOf(originalId));

    private static int? DisplayIndex(string displayId)
    {
        var id = displayId.Trim().ToUpperInvariant();
        return id.Length == 1 && id[0] is >= 'A' and <= 'Z' ? id[0] - 'A' : null;
    }
}

internal sealed class QuizAttemptMapping : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> e)
    {
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.CampaignId, x.WorkerId, x.Sequence }).IsUnique();
        e.HasIndex(x => new { x.CampaignId, x.WorkerId, x.ChinaDay, x.DaySequence }).IsUnique();
        e.HasOne<QuizCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.ComplexCollection(x => x.Questions, q => q.ToJson());
    }
}
