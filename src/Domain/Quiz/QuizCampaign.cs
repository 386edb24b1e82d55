using System.Text.Json;
using Changai.Domain.Common;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Quiz;

public enum CampaignStatus
{
    /// <summary>Being prepared; workers do not see it.</summary>
    Draft,
    /// <summary>Settings frozen, seed hash public; open between StartsAt and EndsAt.</summary>
    Published,
}

/// <summary>Where a campaign is in its life, as workers see it.</summary>
public enum CampaignPhase
{
    Draft,
    Upcoming,
    Open,
    Closed,
}

public enum ScoringRule
{
    /// <summary>A worker's best attempt counts.</summary>
    Best,
    /// <summary>A worker's latest attempt counts, even if lower.</summary>
    Latest,
}

public enum PrizeKind
{
    None,
    /// <summary>The first N of the individual leaderboard.</summary>
    TopN,
    /// <summary>N drawn among the perfect scores, from the published seed.</summary>
    DrawAmongPerfect,
}

/// <summary>
/// A prize quiz (有奖竞答) organised by a union: a window, an audience, how attempts are built and limited, what counts,
/// and the prizes. Publishing freezes the settings and commits to a random seed by publishing its SHA-256; the seed is
/// revealed when the campaign closes, so anyone can recompute the draw.
/// </summary>
public sealed class QuizCampaign
{
    public const int MaxWindowDays = 90;
    public const int MaxTimeLimitSeconds = 3600;

    public Guid Id { get; init; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public Guid OrganizerUnionId { get; init; }

    /// <summary>Members of unions in this subtree take part.</summary>
    public Guid? AudienceUnionId { get; set; }

    /// <summary>Path of <see cref="AudienceUnionId"/> (union paths never change), so audience checks need no join.</summary>
    public string? AudienceUnionPath { get; set; }

    /// <summary>GB/T 2260 prefecture (4 digits) or county (6 digits) codes, comma separated: workers whose profile places them there take part too.</summary>
    public string? AudienceRegions { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public int QuestionsPerAttempt { get; set; }

    public int TimeLimitSeconds { get; set; }

    public int AttemptsPerDay { get; set; }

    public int AttemptsTotal { get; set; }

    public ScoringRule Scoring { get; set; }

    /// <summary>JSON <c>{"chapter": count}</c>: at least this many questions of the chapter in every attempt.</summary>
    public string? ChapterQuotasJson { get; set; }

    public PrizeKind PrizeKind { get; set; }

    public int PrizeCount { get; set; }

    public string? PrizeName { get; set; }

    public CampaignStatus Status { get; set; }

    /// <summary>SHA-256 (hex) of the seed, public from publication.</summary>
    public string? SeedHash { get; set; }

    /// <summary>The seed, encrypted at rest; shown only once the campaign has closed.</summary>
    public string? SeedCipher { get; set; }

    public bool IsDemo { get; init; }

    public Guid CreatedByOfficerId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? PublishedAt { get; set; }

    public DateTime? OpeningNotifiedAt { get; set; }

    public DateTime? LastDayNotifiedAt { get; set; }

    public DateTime? DrawnAt { get; set; }

    /// <summary>The sorted entry ids the draw chose from (JSON array), published with the seed.</summary>
    public string? DrawEligibleJson { get; set; }

    /// <summary>Entries left out of the draw because WeChat's risk check ranked them high.</summary>
    public int DrawExcludedCount { get; set; }

    public int Version { get; set; }

    public CampaignPhase PhaseAt(DateTime now) => Status == CampaignStatus.Draft ? CampaignPhase.Draft
        : now < StartsAt ? CampaignPhase.Upcoming
        : now < EndsAt ? CampaignPhase.Open
        : CampaignPhase.Closed;

    public static string PhaseText(CampaignPhase phase) => phase switch
    {
        CampaignPhase.Draft => "草稿",
        CampaignPhase.Upcoming => "未开始",
        CampaignPhase.Open => "进行中",
        _ => "已结束",
    };

    public IReadOnlyList<string> Regions() => AudienceRegions?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public IReadOnlyDictionary<string, int> ChapterQuotas() =>
        ChapterQuotasJson is null ? new Dictionary<string, int>() : JsonSerializer.Deserialize<Dictionary<string, int>>(ChapterQuotasJson) ?? [];

    /// <summary>
    /// Whether a worker takes part: a member of a union inside the audience subtree, or someone whose profile county lies
    /// in one of the audience regions (so workers whose employer has no union yet can join in too).
    /// </summary>
    public static bool Includes(string? audienceUnionPath, IReadOnlyList<string> regions, string? memberUnionPath, string? countyCode) =>
        (audienceUnionPath is not null && memberUnionPath is not null && memberUnionPath.StartsWith(audienceUnionPath, StringComparison.Ordinal))
        || (countyCode is not null && regions.Any(r => countyCode.StartsWith(r, StringComparison.Ordinal)));

    public bool Includes(string? memberUnionPath, string? countyCode) => Includes(AudienceUnionPath, Regions(), memberUnionPath, countyCode);

    /// <summary>Freezes the settings and commits to the draw seed.</summary>
    public void Publish(string seedHash, string seedCipher, DateTime now)
    {
        if (Status != CampaignStatus.Draft)
        {
            throw DomainException.Conflict("quiz.campaign.already_published", "该竞答已发布");
        }

        if (EndsAt <= now)
        {
            throw new DomainException("quiz.campaign.window_over", "结束时间已过，请修改时间后再发布");
        }

        Status = CampaignStatus.Published;
        SeedHash = seedHash;
        SeedCipher = seedCipher;
        PublishedAt = now;
    }

    /// <summary>The China date of the campaign's last day.</summary>
    public DateOnly LastDay => ChinaTime.DateOf(EndsAt.AddTicks(-1));
}

internal sealed class QuizCampaignMapping : IEntityTypeConfiguration<QuizCampaign>
{
    public void Configure(EntityTypeBuilder<QuizCampaign> e)
    {
        e.Property(x => x.Status).HasConversion<string>();
        e.Property(x => x.Scoring).HasConversion<string>();
        e.Property(x => x.PrizeKind).HasConversion<string>();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.Status, x.EndsAt });
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.OrganizerUnionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Union>().WithMany().HasForeignKey(x => x.AudienceUnionId).OnDelete(DeleteBehavior.Restrict);
    }
}
