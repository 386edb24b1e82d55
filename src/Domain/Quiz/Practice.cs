using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Quiz;

/// <summary>
/// A worker's practice on one question: how often answered and missed, and whether it is in their wrong-answer book
/// (错题本). A wrong answer puts it there; a right one in practice takes it out again.
/// </summary>
public sealed class QuizPracticeRecord
{
    public Guid WorkerId { get; init; }

    public Guid QuestionId { get; init; }

    public Guid LastVersionId { get; set; }

    /// <summary>The author's option ids last chosen.</summary>
    public string LastChosen { get; set; } = "";

    public bool LastCorrect { get; set; }

    public int Answered { get; set; }

    public int Wrong { get; set; }

    public bool InWrongBook { get; set; }

    public DateTime FirstAnsweredAt { get; init; }

    public DateTime LastAnsweredAt { get; set; }

    public void Record(Guid versionId, IEnumerable<string> chosen, bool correct, DateTime now)
    {
        LastVersionId = versionId;
        LastChosen = string.Join(',', chosen);
        LastCorrect = correct;
        Answered++;
        LastAnsweredAt = now;
        if (!correct)
        {
            Wrong++;
        }

        InWrongBook = !correct;
    }
}

/// <summary>The question of one China day (一期一问): chosen once, the same for everyone.</summary>
public sealed class QuizDailyQuestion
{
    public DateOnly Day { get; init; }

    public Guid QuestionId { get; init; }

    public Guid QuestionVersionId { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>A worker's one answer to the question of a day.</summary>
public sealed class QuizDailyAnswer
{
    public Guid WorkerId { get; init; }

    public DateOnly Day { get; init; }

    public Guid QuestionVersionId { get; init; }

    public required string Chosen { get; init; }

    public bool IsCorrect { get; init; }

    public DateTime AnsweredAt { get; init; }
}

/// <summary>Streaks of answered days (连续答题天数), counted in China dates.</summary>
public static class Streaks
{
    /// <summary>
    /// Current streak: consecutive days ending today, or ending yesterday when today is not answered yet (the streak is
    /// still alive until the day is over). Longest: the longest run ever.
    /// </summary>
    public static (int Current, int Longest) Of(IEnumerable<DateOnly> answeredDays, DateOnly today)
    {
        var days = answeredDays.Where(d => d <= today).Distinct().Order().ToList();
        int longest = 0, run = 0;
        for (var i = 0; i < days.Count; i++)
        {
            run = i > 0 && days[i].DayNumber == days[i - 1].DayNumber + 1 ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        var set = days.ToHashSet();
        var day = set.Contains(today) ? today : today.AddDays(-1);
        var current = 0;
        while (set.Contains(day))
        {
            current++;
            day = day.AddDays(-1);
        }

        return (current, longest);
    }
}

internal sealed class QuizPracticeRecordMapping : IEntityTypeConfiguration<QuizPracticeRecord>
{
    public void Configure(EntityTypeBuilder<QuizPracticeRecord> e)
    {
        e.HasKey(x => new { x.WorkerId, x.QuestionId });
        e.HasIndex(x => new { x.WorkerId, x.InWrongBook, x.LastAnsweredAt });
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<QuizQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuizDailyQuestionMapping : IEntityTypeConfiguration<QuizDailyQuestion>
{
    public void Configure(EntityTypeBuilder<QuizDailyQuestion> e)
    {
        e.HasKey(x => x.Day);
        e.HasOne<QuizQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<QuizQuestionVersion>().WithMany().HasForeignKey(x => x.QuestionVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuizDailyAnswerMapping : IEntityTypeConfiguration<QuizDailyAnswer>
{
    public void Configure(EntityTypeBuilder<QuizDailyAnswer> e)
    {
        e.HasKey(x => new { x.WorkerId, x.Day });
        e.HasIndex(x => x.Day);
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<QuizQuestionVersion>().WithMany().HasForeignKey(x => x.QuestionVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
