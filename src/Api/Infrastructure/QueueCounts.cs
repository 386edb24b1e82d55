using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Changai.Api.Infrastructure;

/// <summary>
/// The totals shown beside the officers' review queues. Counting a province's queue reads every waiting application in it
/// (40,000 index entries among 1,000,000 rows in the topology benchmark), so a total is counted once and kept for
/// <see cref="Lifetime"/>; a change to an application saved through this process makes every kept total stale at once
/// (<see cref="Interceptor"/>), so an officer sees their own decisions counted. Another API process's changes show within
/// <see cref="Lifetime"/>. The pages themselves are always read fresh.
/// </summary>
public sealed class QueueCounts(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
    private long generation;

    /// <summary>
    /// The value kept under <paramref name="key"/> (any value-equal tuple naming the list and its filters), or a fresh count.
    /// Requests that find the total being counted wait for that count instead of starting their own (200 officers' first
    /// pages would otherwise run 200; those that miss it in the same instant still each count once).
    /// </summary>
    public async Task<T> GetAsync<T>(object key, Func<Task<T>> count)
    {
        var cacheKey = ("queue-count", Interlocked.Read(ref generation), key);
        if (!cache.TryGetValue(cacheKey, out Lazy<Task<T>>? shared) || shared is null)
        {
            shared = new Lazy<Task<T>>(count);
            cache.Set(cacheKey, shared, Lifetime);
        }

        try
        {
            return await shared.Value;
        }
        catch
        {
            cache.Remove(cacheKey); // a failed or cancelled count is not kept
            throw;
        }
    }

    /// <summary>Forgets every kept total (they expire on their own; the new generation is never found in them).</summary>
    public void Changed() => Interlocked.Increment(ref generation);

    /// <summary>Marks the totals stale when a save adds, changes or removes a join or subsidy application.</summary>
    public sealed class Interceptor(QueueCounts counts) : SaveHooks
    {
        // Saves that touched an application: marked stale again once saved, so a count read meanwhile is not kept.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> touched = [];

        protected override void Saving(DbContext context)
        {
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                    && entry.Entity is MembershipApplication or SubsidyApplication)
                {
                    counts.Changed();
                    touched.AddOrUpdate(context, counts);
                    return;
                }
            }
        }

        protected override void Saved(DbContext context)
        {
            if (touched.Remove(context))
            {
                counts.Changed();
            }
        }
    }
}
