using System.Text.Json.Serialization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// A campaign's leaderboards with "my rank". Individuals: counted score, then earlier finish, then shorter duration, from
/// the Redis sorted set when Redis is configured and answering, from SQL otherwise (<c>source</c> says which); both give
/// the same order. Unions: participation rate (participants ÷ members), then average score.
/// </summary>
public static class Leaderboard
{
    public sealed record Query(string Scope = "individual", int Top = 20);

    public sealed record IndividualRow(int Rank, string Name, string? UnionName, int Score, int CorrectCount, DateTime FinishedAt, double DurationSeconds, bool IsMe);

    public sealed record UnionRow(
        int Rank, Guid UnionId, string UnionName, int Participants, int Members, double? ParticipationRate, double? AverageScore, bool IsMine);

    public sealed record View(
        Guid CampaignId, string Scope, int Total, string Source,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IndividualRow>? Individuals,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IndividualRow? Me,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<UnionRow>? Unions,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UnionRow? MyUnion);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Scope).Must(s => s is "individual" or "union").WithMessage("范围只能是 individual 或 union").WithName("范围");
            RuleFor(q => q.Top).InclusiveBetween(1, 100).WithName("名次数");
        }
    }

    public static async Task<Ok<View>> Handle(
        Guid id, [AsParameters] Query query, HttpContext http, AppDbContext db, IQuizLeaderboard leaderboard, QuizCache cache, CancellationToken ct)
    {
        var place = await cache.WorkerPlaceAsync(db, http.User.UserId(), ct);
        var campaign = await cache.PublishedCampaignAsync(db, id, ct);
        if (campaign is null || !campaign.Includes(place.UnionPath, place.CountyCode))
        {
            throw WorkerCampaigns.NotVisible();
        }

        if (query.Scope == "union")
        {
            var standings = await CampaignFigures.UnionStandingsAsync(db, campaign, ct);
            var rows = standings.Select((s, i) => new UnionRow(i + 1, s.UnionId, s.Name, s.Participants, s.Members, s.ParticipationRate, s.AverageScore,
                s.UnionId == place.UnionId)).ToList();
            return TypedResults.Ok(new View(campaign.Id, query.Scope, rows.Count, SqlQuizLeaderboard.SourceName, null, null,
                [.. rows.Take(query.Top)], rows.FirstOrDefault(r => r.IsMine)));
        }

        var slice = await leaderboard.ReadAsync(campaign.Id, query.Top, place.WorkerId, ct);
        // The rows come from memory under (worker, rank key): a standing that changes gets a new key, so a kept row is never stale.
        var wanted = slice.Top.Zip(slice.TopKeys).ToList();
        if (slice.MyKey is { } myKey)
        {
            wanted.Add((place.WorkerId, myKey));
        }

        var entries = await cache.StandingsAsync(db, campaign.Id, wanted, ct);
        IndividualRow? Row(Guid workerId, int rank) => entries.TryGetValue(workerId, out var e)
            ? new IndividualRow(rank, e.DisplayName, e.UnionName, e.Score, e.CorrectCount, e.FinishedAt, e.DurationMs / 1000.0, workerId == place.WorkerId)
            : null;
        var individuals = slice.Top.Select((workerId, i) => Row(workerId, i + 1)).OfType<IndividualRow>().ToList();
        return TypedResults.Ok(new View(campaign.Id, query.Scope, slice.Total, slice.Source, individuals,
            slice.Rank is { } rank ? Row(place.WorkerId, rank) : null, null, null));
    }
}
