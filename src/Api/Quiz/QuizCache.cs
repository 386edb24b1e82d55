using Changai.Domain.Data;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Changai.Api.Quiz;

/// <summary>One standing as the leaderboard shows it.</summary>
public sealed record StandingRow(Guid WorkerId, long RankKey, string DisplayName, string? UnionName, int Score, int CorrectCount, DateTime FinishedAt, int DurationMs);

/// <summary>A question a campaign may draw, with the content of its current version.</summary>
public sealed record PoolEntry(PoolQuestion Question, QuizQuestionVersion Version);

/// <summary>
/// What a burst of attempts reads again and again, kept in memory: question versions (immutable, so safe to keep), a
/// published campaign's settings (frozen at publication) and each organiser's question pool (for a short while).
/// </summary>
public sealed class QuizCache(IMemoryCache cache, IOptions<QuizOptions> options)
{
    private static readonly TimeSpan CampaignLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan VersionLifetime = TimeSpan.FromMinutes(30);

    /// <summary>A published campaign (a detached copy: read, never change it); drafts are not cached.</summary>
    public async Task<QuizCampaign?> PublishedCampaignAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var key = ("quiz-campaign", id, Volatile.Read(ref generation));
        if (cache.TryGetValue(key, out QuizCampaign? cached))
        {
            return cached;
        }

        var campaign = await db.QuizCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.Status == CampaignStatus.Published, ct);
        if (campaign is not null)
        {
            cache.Set(key, campaign, CampaignLifetime);
        }

        return campaign;
    }

    private int generation;

    /// <summary>
    /// The pool of an organiser's campaigns. The first starts of a burst arrive together: they share one load (a cached
    /// task) instead of each reading every question version.
    /// </summary>
    public async Task<IReadOnlyList<PoolEntry>> PoolAsync(AppDbContext db, Guid organizerUnionId, CancellationToken ct)
    {
        var key = ("quiz-pool", organizerUnionId, Volatile.Read(ref generation));
        if (!cache.TryGetValue(key, out Lazy<Task<IReadOnlyList<PoolEntry>>>? shared) || shared is null)
        {
            shared = new Lazy<Task<IReadOnlyList<PoolEntry>>>(() => LoadPoolAsync(db, organizerUnionId, ct));
            cache.Set(key, shared, TimeSpan.FromSeconds(options.Value.QuestionPoolCacheSeconds));
        }

        try
        {
            return await shared.Value;
        }
        catch (Exception) when (shared.Value.IsFaulted)
        {
            cache.Remove(key); // a failed load is not kept
            throw;
        }
    }

    private async Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(AppDbContext db, Guid organizerUnionId, CancellationToken ct)
    {
        var path = await db.Unions.Where(u => u.Id == organizerUnionId).Select(u => u.Path).SingleAsync(ct);
        var rows = await QuizScope.PoolQuestions(db, path).AsNoTracking()
            .Join(db.QuizQuestionVersions.AsNoTracking(), q => q.CurrentVersionId, v => v.Id, (q, v) => v)
            .ToListAsync(ct);
        foreach (var version in rows)
        {
            // The submissions of the attempts drawn from this pool look their versions up by id: no second read.
            cache.Set(("quiz-version", version.Id), version, new MemoryCacheEntryOptions { SlidingExpiration = VersionLifetime });
        }

        return (IReadOnlyList<PoolEntry>)[.. rows.Select(v => new PoolEntry(
            new PoolQuestion(v.QuestionId, v.Id, v.Chapter, v.Kind, [.. v.Options().Select(o => o.Id)]), v))];
    }

    /// <summary>Versions by id (each read from the database once, then kept).</summary>
    public async Task<IReadOnlyDictionary<Guid, QuizQuestionVersion>> VersionsAsync(AppDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var found = new Dictionary<Guid, QuizQuestionVersion>();
        var missing = new List<Guid>();
        foreach (var id in ids.Distinct())
        {
            if (cache.TryGetValue(("quiz-version", id), out QuizQuestionVersion? version) && version is not null)
            {
                found[id] = version;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var version in await db.QuizQuestionVersions.AsNoTracking().Where(v => missing.Contains(v.Id)).ToListAsync(ct))
            {
                cache.Set(("quiz-version", version.Id), version, new MemoryCacheEntryOptions { SlidingExpiration = VersionLifetime });
                found[version.Id] = version;
            }
        }

        return found;
    }

    private static readonly TimeSpan PlaceLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StandingLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where a worker stands, kept for <see cref="PlaceLifetime"/>: the leaderboard reads it on every refresh, and a change of
    /// union or county only decides which campaigns' boards they may see.
    /// </summary>
    public async Task<WorkerPlace> WorkerPlaceAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        if (cache.TryGetValue(("quiz-place", workerId), out WorkerPlace? known) && known is not null)
        {
            return known;
        }

        var place = await QuizScope.WorkerPlaceAsync(db, workerId, ct);
        cache.Set(("quiz-place", workerId), place, PlaceLifetime);
        return place;
    }

    /// <summary>
    /// The leaderboard rows of these standings, kept under (campaign, worker, rank key): every change of a shown figure
    /// changes the key, so a kept row is exact; only the rows not yet kept are read (one query).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, StandingRow>> StandingsAsync(
        AppDbContext db, Guid campaignId, IReadOnlyList<(Guid WorkerId, long RankKey)> wanted, CancellationToken ct)
    {
        var found = new Dictionary<Guid, StandingRow>(wanted.Count);
        List<Guid>? missing = null;
        foreach (var (workerId, key) in wanted)
        {
            if (cache.TryGetValue(("quiz-standing", campaignId, workerId, key), out StandingRow? row) && row is not null)
            {
                found[workerId] = row;
            }
            else
            {
                (missing ??= []).Add(workerId);
            }
        }

        if (missing is not null)
        {
            var rows = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaignId && missing.Contains(e.WorkerId))
                .Select(e => new StandingRow(e.WorkerId, e.RankKey, e.DisplayName, db.Unions.Where(u => u.Id == e.UnionId).Select(u => u.Name).FirstOrDefault(),
                    e.Score, e.CorrectCount, e.FinishedAt, e.DurationMs))
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                cache.Set(("quiz-standing", campaignId, row.WorkerId, row.RankKey), row, StandingLifetime);
                found[row.WorkerId] = row;
            }
        }

        return found;
    }

    /// <summary>After a question changed: this process builds its pools afresh; other API instances catch up within the cache time.</summary>
    public void QuestionsChanged() => Interlocked.Increment(ref generation);

    /// <summary>
    /// After a union moved (paths, and with them audiences and pools, changed): this process reads campaigns and pools afresh;
    /// other API instances catch up within the cache time (30 s for a campaign, <c>Quiz:QuestionPoolCacheSeconds</c> for a pool).
    /// </summary>
    public void TreeChanged() => Interlocked.Increment(ref generation);
}
