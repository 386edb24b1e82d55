using System.Security.Claims;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Changai.Api.Infrastructure.Security;

/// <summary>The officer's place in the union tree: they see and act on their union's subtree only.</summary>
/// <param name="CoversWholeTree">
/// Whether the officer's union is the root of the tree (the province's union; only the first-day bootstrap creates a union
/// without a parent, and neither a move nor an import can): their lists then need no filter by union at all, and a queue
/// page walks the (status, submitted, id) index in order and stops after one page, however many applications the
/// province holds.
/// </param>
/// <param name="TreeStamp">
/// The union tree's <see cref="UnionTreeStamp"/> read with the officer's union: the subtree's union ids kept under it are
/// current (null: none are kept, the ids are read).
/// </param>
public sealed record OfficerContext(Guid OfficerId, Guid UnionId, string UnionPath, bool CoversWholeTree = false, Guid? TreeStamp = null)
{
    public bool Covers(Union union) => union.Path.StartsWith(UnionPath, StringComparison.Ordinal);

    /// <summary>
    /// Bound as an endpoint parameter (<c>OfficerContext officer</c>): the signed-in officer's scope, read once per request
    /// through <see cref="OfficerScope.ForAsync"/> and shared by everything else in that request that asks for it.
    /// </summary>
    public static async ValueTask<OfficerContext?> BindAsync(HttpContext http)
    {
        if (http.Items[typeof(OfficerContext)] is OfficerContext bound)
        {
            return bound;
        }

        var officer = await http.RequestServices.GetRequiredService<OfficerScope>().ForAsync(http.User, http.RequestAborted);
        http.Items[typeof(OfficerContext)] = officer;
        return officer;
    }
}

public sealed class OfficerScope(AppDbContext db, IMemoryCache cache)
{
    /// <summary>How long a subtree's ids stay kept without being asked for (they are dropped at once when the tree changes).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The officer's union and its path, read on every request (one primary-key look-up) rather than cached: a move in the
    /// union tree rewrites paths, and every API instance must see the new scope at once. The tree's stamp comes in the same
    /// statement (a subquery on its one row).
    /// </summary>
    public async Task<OfficerContext> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var unionId = user.OfficerUnionId();
        var union = await db.Unions.Where(u => u.Id == unionId)
            .Select(u => new
            {
                u.Path, u.ClosedAt, IsRoot = u.ParentId == null,
                TreeStamp = db.UnionTreeStamps.Where(s => s.Id == UnionTreeStamp.RowId).Select(s => (Guid?)s.Stamp).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (union is null)
        {
            throw DomainException.Forbidden("auth.officer_union_missing", "您所属的工会不存在，请联系上级工会");
        }

        return union.ClosedAt is null
            ? new OfficerContext(user.UserId(), unionId, union.Path, union.IsRoot, union.TreeStamp)
            : throw DomainException.Forbidden("auth.officer_union_closed", "您所属的工会已撤销，账号已停用，请联系上级工会");
    }

    /// <summary>Unions inside the officer's subtree, as a query to join against.</summary>
    public IQueryable<Union> UnionsWithin(OfficerContext officer) => db.Unions.Where(u => u.Path.StartsWith(officer.UnionPath));

    /// <summary>
    /// The ids of the unions inside the officer's subtree, for filtering large tables (applications, members, the audit
    /// trail) with <c>ids.Contains(x.UnionId)</c>: PostgreSQL then probes the (UnionId, …) indexes once per union — 34 ms for
    /// a county's 3,400 waiting applications among 1,000,000 — where a join on the path let it scan every open
    /// application in the province (12 s in the topology benchmark). Read once per request (this service is scoped; one
    /// indexed prefix scan) and kept in this process under the tree's stamp the officer's look-up read
    /// (<see cref="OfficerContext.TreeStamp"/>): any change to the tree, made through any process, commits a new stamp,
    /// so the next request anywhere reads the ids again — a union created or moved a moment ago is covered at once.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> UnionIdsWithinAsync(OfficerContext officer, CancellationToken ct)
    {
        if (officer.TreeStamp is not { } stamp)
        {
            return await UnionsWithin(officer).Select(u => u.Id).ToArrayAsync(ct);
        }

        var key = (nameof(UnionIdsWithinAsync), officer.UnionPath, stamp);
        if (cache.TryGetValue(key, out Guid[]? kept) && kept is not null)
        {
            return kept;
        }

        // Read after the stamp: a change committed in between makes these ids newer than the stamp, never older.
        var ids = await UnionsWithin(officer).Select(u => u.Id).ToArrayAsync(ct);
        cache.Set(key, ids, new MemoryCacheEntryOptions { SlidingExpiration = IdleLifetime });
        return ids;
    }
}
