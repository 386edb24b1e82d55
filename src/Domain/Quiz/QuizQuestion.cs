using System.Text.Json;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Quiz;

public enum QuestionKind
{
    /// <summary>单选题</summary>
    Single,
    /// <summary>多选题: every correct option and nothing else.</summary>
    Multiple,
    /// <summary>判断题: options A 正确, B 错误.</summary>
    TrueFalse,
}

public sealed record QuestionOption(string Id, string Text);

/// <summary>
/// A question of the bank (题库): its identity, owner and place in the bank. What it says lives in
/// <see cref="QuizQuestionVersion"/>s: editing adds a version, so an attempt that showed version 2 is still judged by
/// version 2 after an officer corrects the question. Owned by a union; officers of that union's subtree edit it, officers
/// below it may use it in their campaigns (the province's bank serves everyone).
/// </summary>
public sealed class QuizQuestion
{
    public Guid Id { get; init; }

    public Guid OwnerUnionId { get; init; }

    /// <summary>编号, unique within the owner's bank; import and export match on it.</summary>
    public required string Code { get; init; }

    public Guid CurrentVersionId { get; set; }

    public int CurrentVersionNumber { get; set; }

    /// <summary>The current version's chapter, kept here for filtering and chapter quotas without a join.</summary>
    public required string Chapter { get; set; }

    /// <summary>Position in the bank for practice "in order".</summary>
    public int SortOrder { get; set; }

    /// <summary>Archived questions are no longer drawn; attempts that showed them keep their versions.</summary>
    public bool IsArchived { get; set; }

    /// <summary>Written by us from the seed bulletins, not the official booklet.</summary>
    public bool IsDemo { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }

    /// <summary>Makes <paramref name="content"/> the current version (number one more than the last).</summary>
    public QuizQuestionVersion AddVersion(QuestionContent content, Guid? officerId, DateTime now)
    {
        var version = QuizQuestionVersion.From(Guid.CreateVersion7(), Id, CurrentVersionNumber + 1, content, officerId, now);
        CurrentVersionId = version.Id;
        CurrentVersionNumber = version.Number;
        Chapter = content.Chapter;
        UpdatedAt = now;
        return version;
    }
}

/// <summary>One immutable wording of a question: stem, options, the correct option ids and the explanation.</summary>
public sealed class QuizQuestionVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid Id { get; init; }

    public Guid QuestionId { get; init; }

    public int Number { get; init; }

    public QuestionKind Kind { get; init; }

    public required string Stem { get; init; }

    /// <summary>JSON <c>[{"id":"A","text":"…"}]</c>, in the order the author wrote them.</summary>
    public required string OptionsJson { get; init; }

    /// <summary>Correct option ids, comma separated (<c>A,C</c>).</summary>
    public required string AnswerIds { get; init; }

    public required string Explanation { get; init; }

    public required string Chapter { get; init; }

    /// <summary>Tags, separated by <c>、</c>.</summary>
    public required string Tags { get; init; }

    /// <summary>1 易, 2 中, 3 难.</summary>
    public int Difficulty { get; init; }

    public Guid? CreatedByOfficerId { get; init; }

    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<QuestionOption> Options() => JsonSerializer.Deserialize<List<QuestionOption>>(OptionsJson, Json) ?? [];

    public IReadOnlySet<string> Answers() => AnswerIds.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public QuestionContent Content() => new(Kind, Stem, [.. Options().Select(o => o.Text)],
        [.. AnswerIds.Split(',', StringSplitOptions.RemoveEmptyEntries)], Explanation, Chapter,
        [.. Tags.Split(QuestionContent.TagSeparator, StringSplitOptions.RemoveEmptyEntries)], Difficulty);

    public static QuizQuestionVersion From(Guid id, Guid questionId, int number, QuestionContent content, Guid? officerId, DateTime now) => new()
    {
        Id = id,
        QuestionId = questionId,
        Number = number,
        Kind = content.Kind,
        Stem = content.Stem,
        OptionsJson = JsonSerializer.Serialize(content.OptionList(), Json),
        AnswerIds = string.Join(',', content.Answers.Order(StringComparer.Ordinal)),
        Explanation = content.Explanation,
        Chapter = content.Chapter,
        Tags = string.Join(QuestionContent.TagSeparator, content.Tags),
        Difficulty = content.Difficulty,
        CreatedByOfficerId = officerId,
        CreatedAt = now,
    };
}

internal sealed class QuizQuestionMapping : IEntityTypeConfiguration<QuizQuestion>
{
    public void Configure(EntityTypeBuilder<QuizQuestion> e)
    {
        e.HasIndex(x => new { x.OwnerUnionId, x.Code }).IsUnique();
        e.HasIndex(x => new { x.IsArchived, x.SortOrder });
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.OwnerUnionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuizQuestionVersionMapping : IEntityTypeConfiguration<QuizQuestionVersion>
{
    public void Configure(EntityTypeBuilder<QuizQuestionVersion> e)
    {
        e.Property(x => x.Kind).HasConversion<string>();
        e.HasIndex(x => new { x.QuestionId, x.Number }).IsUnique();
        e.HasOne<QuizQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}
