using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Changai.Domain.Caching;

/// <summary>Fixed-window counters. In memory for one process; in Redis so that the limit holds across API instances.</summary>
public interface ICounterStore
{
    /// <summary>Adds <paramref name="by"/> to the counter of <paramref name="key"/> in the current window and returns the new count.</summary>
    Task<long> IncrementAsync(string key, TimeSpan window, long by = 1);
}

public sealed class MemoryCounterStore(TimeProvider time) : ICounterStore
{
    private readonly ConcurrentDictionary<string, (long WindowStart, long Count)> counters = new();

    public Task<long> IncrementAsync(string key, TimeSpan window, long by = 1)
    {
        var windowStart = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;
        var entry = counters.AddOrUpdate(key, _ => (windowStart, by), (_, e) => e.WindowStart == windowStart ? (windowStart, e.Count + by) : (windowStart, by));
        if (counters.Count > 100_000)
        {
            foreach (var stale in counters.Where(c => c.Value.WindowStart < windowStart).Select(c => c.Key).ToList())
            {
                counters.TryRemove(stale, out _);
            }
        }

        return Task.FromResult(entry.Count);
    }
}

/// <summary>
/// Redis INCR + EXPIRE per window. When Redis cannot be reached the limit falls back to this process's counters rather
/// than refusing every login: availability over strictness for a few seconds.
/// </summary>
public sealed class RedisCounterStore(ConnectionMultiplexer redis, IOptions<RedisOptions> options, MemoryCounterStore fallback, TimeProvider time, ILogger<RedisCounterStore> logger) : ICounterStore
{
    public async Task<long> IncrementAsync(string key, TimeSpan window, long by = 1)
    {
        var windowStart = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;
        var redisKey = $"{options.Value.KeyPrefix}:rl:{key}:{windowStart}";
        try
        {
            var db = redis.GetDatabase();
            var count = await db.StringIncrementAsync(redisKey, by);
            if (count == by)
            {
                await db.KeyExpireAsync(redisKey, window + TimeSpan.FromSeconds(5));
            }

            return count;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for counters ({Error}); using local counters", e.GetType().Name);
            return await fallback.IncrementAsync(key, window, by);
        }
    }
}
