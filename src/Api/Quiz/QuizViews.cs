using System.Text.Json.Serialization;
using Changai.Domain.Quiz;

namespace Changai.Api.Quiz;

public sealed record OptionView(string Id, string Text);

/// <summary>A question as a worker sees it before answering: no answer, no explanation.</summary>
public sealed record QuestionView(Guid QuestionId, int Position, QuestionKind Kind, string KindText, string Stem, IReadOnlyList<OptionView> Options);

/// <summary>A question after the worker answered it: what they chose, what was right, and why.</summary>
public sealed record AnsweredQuestionView(
    Guid QuestionId, int Position, QuestionKind Kind, string KindText, string Stem, IReadOnlyList<OptionView> Options,
    IReadOnlyList<string> Chosen, IReadOnlyList<string> CorrectOptionIds, bool IsCorrect, string Explanation);

public sealed record AttemptResultView(
    int Score, int CorrectCount, int QuestionCount, DateTime SubmittedAt, double DurationSeconds, bool Ranked, string? Note,
    IReadOnlyList<AnsweredQuestionView> Questions);

/// <summary>An attempt. <see cref="Result"/> (answers, explanations, score) exists only once it has been submitted.</summary>
public sealed record AttemptView(
    Guid Id, Guid CampaignId, string CampaignTitle, AttemptStatus Status, int Sequence, DateTime StartedAt, DateTime Deadline, int SecondsLeft,
    IReadOnlyList<QuestionView> Questions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttemptResultView? Result);

public static class QuizViews
{
    /// <summary>The attempt in the order and with the option letters it showed; the result only after submission.</summary>
    public static AttemptView Attempt(QuizAttempt attempt, string campaignTitle, IReadOnlyDictionary<Guid, QuizQuestionVersion> versions, DateTime now)
    {
        var ordered = attempt.Questions.OrderBy(q => q.Position).ToList();
        var questions = ordered.Select(q => Question(q, versions[q.QuestionVersionId])).ToList();
        AttemptResultView? result = null;
        if (attempt.Status == AttemptStatus.Submitted)
        {
            result = new AttemptResultView(
                attempt.Score, attempt.CorrectCount, attempt.QuestionCount, attempt.SubmittedAt!.Value, attempt.DurationMs / 1000.0, !attempt.IsFlagged,
                attempt.IsFlagged ? "本次答题用时过短，成绩已记录，但不计入排行榜和抽奖" : null,
                [.. ordered.Select(q => Answered(q, versions[q.QuestionVersionId]))]);
        }

        var secondsLeft = attempt.Status == AttemptStatus.InProgress ? (int)Math.Max(0, Math.Ceiling((attempt.Deadline - now).TotalSeconds)) : 0;
        return new AttemptView(attempt.Id, attempt.CampaignId, campaignTitle, attempt.Status, attempt.Sequence, attempt.StartedAt, attempt.Deadline, secondsLeft,
            questions, result);
    }

    private static QuestionView Question(QuizAttemptQuestion shown, QuizQuestionVersion version)
    {
        var texts = version.Options().ToDictionary(o => o.Id, o => o.Text);
        return new QuestionView(shown.QuestionId, shown.Position, version.Kind, QuestionContent.KindText(version.Kind), version.Stem,
            [.. shown.Order().Select((original, i) => new OptionView(QuestionContent.OptionId(i), texts[original]))]);
    }

    private static AnsweredQuestionView Answered(QuizAttemptQuestion shown, QuizQuestionVersion version)
    {
        var view = Question(shown, version);
        var chosen = (shown.Chosen ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(shown.ToDisplay).Order(StringComparer.Ordinal).ToList();
        var correct = version.Answers().Select(shown.ToDisplay).Order(StringComparer.Ordinal).ToList();
        return new AnsweredQuestionView(view.QuestionId, view.Position, view.Kind, view.KindText, view.Stem, view.Options, chosen, correct,
            shown.IsCorrect == true, version.Explanation);
    }

    /// <summary>A question in its author's order (practice, daily question), without its answer.</summary>
    public static QuestionView Plain(QuizQuestionVersion version, int position) =>
        new(version.QuestionId, position, version.Kind, QuestionContent.KindText(version.Kind), version.Stem,
            [.. version.Options().Select(o => new OptionView(o.Id, o.Text))]);
}

/// <summary>Times stored for attempts, in milliseconds: what a retry reads back from any database equals what the first answer showed.</summary>
public static class QuizClock
{
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
