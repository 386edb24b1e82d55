using System.Collections.Concurrent;
using Changai.Domain.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Changai.Api.Infrastructure.RateLimiting;

/// <summary>
/// Short-lived login state (failures per account and source, waits, sources an account has logged in from) with expiry:
/// in memory for one process, in Redis so that every API instance sees the same waits. Two implementations, hence the
/// interface.
/// </summary>
public interface ILoginStateStore
{
    /// <summary>Adds one to <paramref name="key"/>, (re)starting its expiry, and returns the new value.</summary>
    Task<long> IncrementAsync(string key, TimeSpan expiry);

    Task<string?> GetAsync(string key);

    Task SetAsync(string key, string value, TimeSpan expiry);

    Task DeleteAsync(string key);
}

public sealed class MemoryLoginStateStore(TimeProvider time) : ILoginStateStore
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> entries = new();

    public Task<long> IncrementAsync(string key, TimeSpan expiry)
    {
        var now = time.GetUtcNow();
        var entry = entries.AddOrUpdate(key, _ => ("1", now + expiry),
            (_, e) => (e.Expires > now && long.TryParse(e.Value, out var n) ? (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1", now + expiry));
        Sweep(now);
        return Task.FromResult(long.Parse(entry.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<string?> GetAsync(string key) =>
        Task.FromResult(entries.TryGetValue(key, out var e) && e.Expires > time.GetUtcNow() ? e.Value : null);

    public Task SetAsync(string key, string value, TimeSpan expiry)
    {
        var now = time.GetUtcNow();
        entries[key] = (value, now + expiry);
        Sweep(now);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key)
    {
        entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    // A flood of made-up usernames must not grow the process without bound.
    private void Sweep(DateTimeOffset now)
    {
        if (entries.Count > 100_000)
        {
            foreach (var stale in entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                entries.TryRemove(stale, out _);
            }
        }
    }
}

/// <summary>Redis strings with expiry. If Redis cannot be reached, this process's own state serves (as the counters do).</summary>
public sealed class RedisLoginStateStore(ConnectionMultiplexer redis, IOptions<RedisOptions> options, MemoryLoginStateStore fallback, ILogger<RedisLoginStateStore> logger)
    : ILoginStateStore
{
    // INCR and its expiry in one command: a reply lost after the INCR can no longer leave a counter without expiry, and a
    // failure costs one round trip instead of two.
    private const string IncrementWithExpiry = "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n";

    public Task<long> IncrementAsync(string key, TimeSpan expiry) => Try(key, async (db, k) =>
        (long)await db.ScriptEvaluateAsync(IncrementWithExpiry, [k], [(long)expiry.TotalMilliseconds]),
        () => fallback.IncrementAsync(key, expiry));

    public Task<string?> GetAsync(string key) =>
        Try(key, async (db, k) => (string?)await db.StringGetAsync(k), () => fallback.GetAsync(key));

    public Task SetAsync(string key, string value, TimeSpan expiry) =>
        Try(key, async (db, k) => await db.StringSetAsync(k, value, expiry), async () => { await fallback.SetAsync(key, value, expiry); return true; });

    public Task DeleteAsync(string key) =>
        Try(key, async (db, k) => await db.KeyDeleteAsync(k), async () => { await fallback.DeleteAsync(key); return true; });

    private async Task<T> Try<T>(string key, Func<IDatabase, RedisKey, Task<T>> action, Func<Task<T>> local)
    {
        try
        {
            return await action(redis.GetDatabase(), $"{options.Value.KeyPrefix}:login:{key}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for login state ({Error}); using local state", e.GetType().Name);
            return await local();
        }
    }
}

public static class LoginStateSetup
{
    /// <summary>The Redis store when Redis is configured (its multiplexer registered), else the in-memory one.</summary>
    public static IServiceCollection AddLoginThrottle(this IServiceCollection services)
    {
        services.AddSingleton<MemoryLoginStateStore>();
        services.AddSingleton<ILoginStateStore>(sp => sp.GetService<ConnectionMultiplexer>() is null
            ? sp.GetRequiredService<MemoryLoginStateStore>()
            : ActivatorUtilities.CreateInstance<RedisLoginStateStore>(sp));
        return services.AddScoped<LoginThrottle>();
    }
}
