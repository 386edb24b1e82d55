using Changai.Domain.Common;
using Changai.Domain.Quiz;

namespace Changai.Domain.Tests.Quiz;

public sealed class AttemptTests
{
    private static readonly DateTime Started = new(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinPerQuestion = TimeSpan.FromSeconds(2);

    /// <summary>Ten questions; question i's right answer is the author's B (single choice); shown in the order C, A, B, D.</summary>
    internal static QuizAttempt NewAttempt(int count = 10)
    {
        var id = Guid.NewGuid();
        return new QuizAttempt
        {
            Id = id, CampaignId = Guid.NewGuid(), WorkerId = Guid.NewGuid(), Sequence = 1, ChinaDay = new DateOnly(2026, 11, 21), DaySequence = 1,
            StartedAt = Started, Deadline = Started.AddMinutes(10), QuestionCount = count,
            Questions = [.. Enumerable.Range(1, count).Select(i => new QuizAttemptQuestion
            {
                Position = i, QuestionId = Guid.NewGuid(), QuestionVersionId = Guid.NewGuid(), OptionOrder = "C,A,B,D",
            })],
        };
    }

    private static IReadOnlySet<string> CorrectB(Guid _) => new HashSet<string> { "B" };

    /// <summary>Shown option C is the author's B: the right answer as the worker sees it.</summary>
    private static List<AttemptAnswer> Answers(QuizAttempt attempt, int correct) =>
        [.. attempt.Questions.Select((q, i) => new AttemptAnswer(q.QuestionId, [i < correct ? "C" : "A"]))];

    internal static QuizAttempt Scored(int correct)
    {
        var attempt = NewAttempt();
        attempt.Submit(Answers(attempt, correct), CorrectB, Started.AddMinutes(3), Grace, MinPerQuestion, null);
        return attempt;
    }

    [Fact]
    public void Answers_are_judged_through_the_option_order_the_attempt_showed()
    {
        var attempt = NewAttempt();

        var outcome = attempt.Submit(Answers(attempt, 7), CorrectB, Started.AddMinutes(3), Grace, MinPerQuestion, "203.0.113.7");

        Assert.Equal(SubmitOutcome.Scored, outcome);
        Assert.Equal(7, attempt.CorrectCount);
        Assert.Equal(70, attempt.Score);
        Assert.Equal("B", attempt.Questions[0].Chosen);
        Assert.Equal("C", attempt.Questions[0].ToDisplay("B"));
        Assert.Equal(180_000, attempt.DurationMs);
        Assert.False(attempt.IsFlagged);
    }

    [Theory]
    [InlineData(3, 2, 67)]
    [InlineData(3, 1, 33)]
    [InlineData(200, 199, 99)]
    [InlineData(10, 10, 100)]
    [InlineData(10, 0, 0)]
    public void Scores_are_percent_rounded_and_100_only_when_all_are_right(int count, int correct, int score)
    {
        Assert.Equal(score, QuizAttempt.ScoreOf(correct, count));
    }

    [Fact]
    public void The_same_answers_again_in_another_order_are_a_replay_that_changes_nothing()
    {
        var attempt = NewAttempt();
        var answers = Answers(attempt, 6);
        attempt.Submit(answers, CorrectB, Started.AddMinutes(3), Grace, MinPerQuestion, null);

        var reordered = answers.AsEnumerable().Reverse().Select(a => a with { OptionIds = [a.OptionIds[0].ToLowerInvariant()] }).ToList();
        var outcome = attempt.Submit(reordered, CorrectB, Started.AddHours(5), Grace, MinPerQuestion, null);

        Assert.Equal(SubmitOutcome.Replayed, outcome);
        Assert.Equal(60, attempt.Score);
        Assert.Equal(Started.AddMinutes(3), attempt.SubmittedAt);
    }

    [Fact]
    public void Other_answers_after_submission_are_refused()
    {
        var attempt = NewAttempt();
        attempt.Submit(Answers(attempt, 6), CorrectB, Started.AddMinutes(3), Grace, MinPerQuestion, null);

        var error = Assert.Throws<DomainException>(() => attempt.Submit(Answers(attempt, 10), CorrectB, Started.AddMinutes(4), Grace, MinPerQuestion, null));

        Assert.Equal("quiz.attempt.already_submitted", error.Code);
        Assert.Equal(60, attempt.Score);
    }

    [Fact]
    public void Answers_within_the_grace_count_and_after_it_are_refused()
    {
        var inTime = NewAttempt();
        inTime.Submit(Answers(inTime, 10), CorrectB, inTime.Deadline + Grace, Grace, MinPerQuestion, null);
        Assert.Equal(100, inTime.Score);

        var late = NewAttempt();
        var error = Assert.Throws<DomainException>(() => late.Submit(Answers(late, 10), CorrectB, late.Deadline + Grace + TimeSpan.FromMilliseconds(1), Grace, MinPerQuestion, null));
        Assert.Equal("quiz.attempt.deadline_passed", error.Code);
        Assert.Equal(AttemptStatus.InProgress, late.Status);
    }

    [Fact]
    public void An_attempt_faster_than_the_minimum_per_question_is_flagged()
    {
        var attempt = NewAttempt();

        attempt.Submit(Answers(attempt, 10), CorrectB, Started.AddSeconds(19), Grace, MinPerQuestion, null);

        Assert.True(attempt.IsFlagged);
        Assert.Equal(100, attempt.Score);
    }

    [Fact]
    public void Questions_not_in_the_attempt_duplicates_and_unknown_options_are_refused()
    {
        var attempt = NewAttempt();
        var question = attempt.Questions[0].QuestionId;

        Assert.Equal("quiz.attempt.unknown_question", Assert.Throws<DomainException>(() =>
            attempt.Submit([new AttemptAnswer(Guid.NewGuid(), ["A"])], CorrectB, Started.AddMinutes(1), Grace, MinPerQuestion, null)).Code);
        Assert.Equal("quiz.attempt.duplicate_question", Assert.Throws<DomainException>(() =>
            attempt.Submit([new AttemptAnswer(question, ["A"]), new AttemptAnswer(question, ["B"])], CorrectB, Started.AddMinutes(1), Grace, MinPerQuestion, null)).Code);
        Assert.Equal("quiz.attempt.unknown_option", Assert.Throws<DomainException>(() =>
            attempt.Submit([new AttemptAnswer(question, ["E"])], CorrectB, Started.AddMinutes(1), Grace, MinPerQuestion, null)).Code);
        Assert.Equal(AttemptStatus.InProgress, attempt.Status);
    }

    [Fact]
    public void Unanswered_questions_are_wrong_and_a_multiple_choice_needs_every_right_option()
    {
        var attempt = NewAttempt(count: 2);
        IReadOnlySet<string> AC(Guid _) => new HashSet<string> { "A", "C" };

        // Shown A is the author's C, shown B the author's A.
        attempt.Submit([new AttemptAnswer(attempt.Questions[0].QuestionId, ["A"])], AC, Started.AddMinutes(1), Grace, MinPerQuestion, null);

        Assert.Equal(0, attempt.CorrectCount);
        Assert.False(attempt.Questions[1].IsCorrect);

        var both = NewAttempt(count: 1);
        both.Submit([new AttemptAnswer(both.Questions[0].QuestionId, ["A", "B"])], AC, Started.AddMinutes(1), Grace, MinPerQuestion, null);
        Assert.Equal(1, both.CorrectCount);
    }
}
