using System.Collections.Concurrent;
using Changai.Domain.Caching;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Changai.Domain.Quiz;

/// <summary>
/// Who is on top of a campaign's individual leaderboard, how many are on it, and where one worker stands (1-based); with
/// the rank keys (<see cref="TopKeys"/> beside <see cref="Top"/>, <see cref="MyKey"/>), which change whenever a shown
/// standing does, so the rows behind them can be kept in memory under them.
/// </summary>
public sealed record LeaderboardSlice(IReadOnlyList<Guid> Top, int Total, int? Rank, string Source, IReadOnlyList<long> TopKeys, long? MyKey);

/// <summary>
/// The individual leaderboard of a campaign: <see cref="QuizCampaignEntry"/> rows ordered by <see cref="Ranking"/>. SQL is
/// the record; with Redis configured a sorted set per campaign serves the reads.
/// </summary>
public interface IQuizLeaderboard
{
    Task<LeaderboardSlice> ReadAsync(Guid campaignId, int top, Guid? workerId, CancellationToken ct);

    /// <summary>Called after a standing was saved in SQL.</summary>
    Task RecordAsync(Guid campaignId, Guid workerId, long rankKey, CancellationToken ct);
}

public sealed class SqlQuizLeaderboard(AppDbContext db) : IQuizLeaderboard
{
    public const string SourceName = "sql";

    public async Task<LeaderboardSlice> ReadAsync(Guid campaignId, int top, Guid? workerId, CancellationToken ct)
    {
        var entries = db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaignId);
        var leaders = await entries.OrderByDescending(e => e.RankKey).ThenByDescending(e => e.WorkerId).Take(top)
            .Select(e => new { e.WorkerId, e.RankKey }).ToListAsync(ct);
        var total = await entries.CountAsync(ct);
        int? rank = null;
        long? myKey = null;
        if (workerId is { } me && await entries.Where(e => e.WorkerId == me).Select(e => (long?)e.RankKey).SingleOrDefaultAsync(ct) is { } key)
        {
            myKey = key;
            var ahead = await entries.CountAsync(e => e.RankKey > key, ct);
            // Equal keys are rare (same score, finish within 10 ms, duration within 100 ms); order them as Redis does.
            var tied = await entries.Where(e => e.RankKey == key).Select(e => e.WorkerId).ToListAsync(ct);
            rank = ahead + tied.Count(other => Ranking.CompareTies(other, me) < 0) + 1;
        }

        return new LeaderboardSlice([.. leaders.Select(l => l.WorkerId)], total, rank, SourceName, [.. leaders.Select(l => l.RankKey)], myKey);
    }

    public Task RecordAsync(Guid campaignId, Guid workerId, long rankKey, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Campaigns whose Redis board may have missed a write; shared by the requests of one process.</summary>
public sealed class LeaderboardStaleMarks
{
    private readonly ConcurrentDictionary<Guid, byte> marks = new();

    public void Mark(Guid campaignId) => marks[campaignId] = 0;

    public bool Take(Guid campaignId) => marks.TryRemove(campaignId, out _);
}

/// <summary>
/// A Redis sorted set per campaign (score = rank key, member = worker id), built from SQL when missing and rebuilt after
/// <see cref="QuizOptions.LeaderboardRebuildMinutes"/>. Writes only touch an existing set, so a set is always either a
/// full copy or absent. When Redis fails, reads answer from SQL and the set is dropped (rebuilt) once Redis is back.
/// </summary>
public sealed class RedisQuizLeaderboard(
    ConnectionMultiplexer redis, SqlQuizLeaderboard sql, AppDbContext db, LeaderboardStaleMarks stale, IOptions<RedisOptions> redisOptions,
    IOptions<QuizOptions> quizOptions, TimeProvider time, ILogger<RedisQuizLeaderboard> logger) : IQuizLeaderboard
{
    public const string SourceName = "redis";

    private const string AddIfExists = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end return -1";

    /// <summary>KEYS[1] the lock, ARGV[1] our token, ARGV[2] milliseconds: extends the lock only while it is ours.</summary>
    private const string RenewIfOwned = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    /// <summary>KEYS[1] the lock, KEYS[2] the set being built: drops the lock if it is ours, and the unfinished set if ARGV[2] is 1.</summary>
    private const string ReleaseIfOwned =
        "if ARGV[2] == '1' then redis.call('DEL', KEYS[2]) end if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /// <summary>How long a rebuild lock lives unless renewed: the longest a lock left behind keeps the board on SQL.</summary>
    public static readonly TimeSpan RebuildLockLifetime = TimeSpan.FromSeconds(5);

    public string Key(Guid campaignId) => $"{redisOptions.Value.KeyPrefix}:quiz:lb:{campaignId:N}";

    public async Task<LeaderboardSlice> ReadAsync(Guid campaignId, int top, Guid? workerId, CancellationToken ct)
    {
        var key = Key(campaignId);
        try
        {
            var redisDb = redis.GetDatabase();
            if (stale.Take(campaignId))
            {
                await redisDb.KeyDeleteAsync(key);
            }

            // One round trip: whether the set exists, and what it says if it does.
            for (var pass = 0; pass < 2; pass++)
            {
                var batch = redisDb.CreateBatch();
                var exists = batch.KeyExistsAsync(key);
                var leaders = batch.SortedSetRangeByRankWithScoresAsync(key, 0, top - 1, Order.Descending);
                var total = batch.SortedSetLengthAsync(key);
                var rank = workerId is { } me ? batch.SortedSetRankAsync(key, Ranking.Member(me), Order.Descending) : Task.FromResult<long?>(null);
                var score = workerId is { } mine ? batch.SortedSetScoreAsync(key, Ranking.Member(mine)) : Task.FromResult<double?>(null);
                batch.Execute();
                await Task.WhenAll(exists, leaders, total, rank, score);
                if (exists.Result)
                {
                    return new LeaderboardSlice(
                        [.. leaders.Result.Select(m => Guid.ParseExact((string)m.Element!, "N"))], (int)total.Result, rank.Result is { } r ? (int)r + 1 : null, SourceName,
                        [.. leaders.Result.Select(m => (long)m.Score)], score.Result is { } k ? (long)k : null);
                }

                if (pass > 0 || !await RebuildAsync(campaignId, key, ct))
                {
                    break;
                }
            }

            return await sql.ReadAsync(campaignId, top, workerId, ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for the leaderboard ({Error}); reading SQL", e.GetType().Name);
            stale.Mark(campaignId);
            return await sql.ReadAsync(campaignId, top, workerId, ct);
        }
    }

    public async Task RecordAsync(Guid campaignId, Guid workerId, long rankKey, CancellationToken ct)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(AddIfExists, [Key(campaignId)], [rankKey, Ranking.Member(workerId)]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // SQL has the standing; the set is dropped and rebuilt from it once Redis answers again.
            logger.LogWarning("Redis unavailable for the leaderboard ({Error}); it will be rebuilt from SQL", e.GetType().Name);
            stale.Mark(campaignId);
        }
    }

    /// <summary>
    /// Copies the standings from SQL into a new set and renames it into place, then replays standings saved while copying.
    /// One process rebuilds at a time (a short lock, renewed while the copy is written); the others read SQL meanwhile.
    /// False when there is nothing to show or another process holds the lock.
    /// </summary>
    /// <remarks>
    /// A lock that is never released (the process died, or Redis applied the SET but its reply was lost while the
    /// connection was re-established, so this process does not know it holds it) keeps every process on SQL until it
    /// expires: hence a lifetime of seconds, renewed with every chunk, rather than one long enough for any rebuild.
    /// </remarks>
    private async Task<bool> RebuildAsync(Guid campaignId, string key, CancellationToken ct)
    {
        var redisDb = redis.GetDatabase();
        var lockKey = key + ":rebuild";
        var token = Guid.NewGuid().ToString("N");
        var building = $"{key}:building:{token}";
        var mayHoldLock = true; // until Redis says otherwise: a SET whose reply was lost may have been applied
        var renamed = false;
        try
        {
            if (!await redisDb.StringSetAsync(lockKey, token, RebuildLockLifetime, When.NotExists))
            {
                mayHoldLock = false;
                return false;
            }

            var started = time.GetUtcNow().UtcDateTime;
            var entries = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaignId)
                .Select(e => new { e.WorkerId, e.RankKey }).ToListAsync(ct);
            if (entries.Count == 0)
            {
                return false;
            }

            foreach (var chunk in entries.Chunk(1000))
            {
                await Task.WhenAll(
                    redisDb.SortedSetAddAsync(building, [.. chunk.Select(e => new SortedSetEntry(Ranking.Member(e.WorkerId), e.RankKey))]),
                    redisDb.ScriptEvaluateAsync(RenewIfOwned, [lockKey], [token, (long)RebuildLockLifetime.TotalMilliseconds]));
            }

            await redisDb.KeyExpireAsync(building, TimeSpan.FromMinutes(quizOptions.Value.LeaderboardRebuildMinutes));
            await redisDb.KeyRenameAsync(building, key);
            renamed = true;

            // Standings saved while the copy was read found no set to write to; add them now (re-adding one is harmless).
            var since = started.AddSeconds(-5);
            var recent = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaignId && e.UpdatedAt >= since)
                .Select(e => new { e.WorkerId, e.RankKey }).ToListAsync(ct);
            if (recent.Count > 0)
            {
                await redisDb.SortedSetAddAsync(key, [.. recent.Select(e => new SortedSetEntry(Ranking.Member(e.WorkerId), e.RankKey))]);
            }

            logger.LogInformation("Leaderboard of campaign {CampaignId} rebuilt in Redis from {Count} standings", campaignId, entries.Count);
            return true;
        }
        finally
        {
            if (mayHoldLock)
            {
                // Also after a failure, so the next read can rebuild at once. If Redis does not answer this either, the lock
                // expires within RebuildLockLifetime; the error that brought us here is the one the caller sees.
                try
                {
                    await redisDb.ScriptEvaluateAsync(ReleaseIfOwned, [lockKey, building], [token, renamed ? 0 : 1]);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    logger.LogWarning("Could not release the leaderboard rebuild lock ({Error}); it expires in {Seconds} s", e.GetType().Name, RebuildLockLifetime.TotalSeconds);
                }
            }
        }
    }
}
