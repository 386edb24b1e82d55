using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// The union tree of the officer's subtree, one level at a time: a node's children with, for each, its members and pending
/// join applications (its whole subtree counted) and the officer accounts of the union itself. The counts of one level
/// come from one grouped query each over the parent's subtree — never a query per node — so expanding a county of 2,000
/// enterprise unions costs four queries, and a tree of 20,000 unions is never loaded at once. A search finds unions of the
/// subtree by name or code and says where each sits.
/// </summary>
public static class BrowseUnions
{
    public const int MaxPageSize = 200;

    public sealed record ChildrenQuery(Guid? ParentId, bool IncludeClosed = false, int Page = 1, int PageSize = 50);

    public sealed record SearchQuery(string Keyword, bool IncludeClosed = false, int Page = 1, int PageSize = 20);

    /// <summary>A union as a tree node. Members and pending applications count its whole subtree; officers, the union itself.</summary>
    public sealed record Node(
        Guid Id, string Code, string Name, UnionKind Kind, string KindText, string RegionCode, Guid? ParentId, int Depth, bool AcceptsMembers,
        bool IsClosed, int Children, int Members, int PendingApplications, int Officers);

    public sealed record UnionRef(Guid Id, string Name);

    public sealed record Detail(
        Node Union, IReadOnlyList<UnionRef> Ancestors, bool IsOwnUnion, string? CreditCode, string? OrganizationName, string? IndustrySection,
        string? Address, string? ContactName, string? ContactPhone, DateOnly? FoundedOn, DateTime CreatedAt, DateTime? ClosedAt, string? ClosureText,
        UnionRef? MergedInto);

    /// <summary>A search hit and where it sits: its ancestors from the officer's union down (the tree opens along them).</summary>
    public sealed record Hit(Guid Id, string Code, string Name, UnionKind Kind, string KindText, string RegionCode, bool IsClosed, IReadOnlyList<UnionRef> Ancestors);

    public sealed class ChildrenValidator : AbstractValidator<ChildrenQuery>
    {
        public ChildrenValidator()
        {
            RuleFor(q => q.Page).InclusiveBetween(1, 100_000).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).WithName("每页条数");
        }
    }

    public sealed class SearchValidator : AbstractValidator<SearchQuery>
    {
        public SearchValidator()
        {
            RuleFor(q => q.Keyword).NotEmpty().MaximumLength(50).WithName("关键字");
            RuleFor(q => q.Page).InclusiveBetween(1, 100_000).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 50).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<Node>>> Children([AsParameters] ChildrenQuery query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ChildrenAsync(query, await scope.ForAsync(http.User, ct), db, ct));

    public static async Task<Ok<PagedResult<Hit>>> Search([AsParameters] SearchQuery query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await SearchAsync(query, await scope.ForAsync(http.User, ct), db, ct));

    public static async Task<Ok<Detail>> Get(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(id, await scope.ForAsync(http.User, ct), db, ct));

    /// <summary>The children of a node of the subtree (without a parent: the officer's own union, as the one root).</summary>
    public static async Task<PagedResult<Node>> ChildrenAsync(ChildrenQuery query, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        if (query.ParentId is not { } parentId)
        {
            var root = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
            return new PagedResult<Node>([await NodeAsync(root, db, ct)], 1, query.PageSize, 1);
        }

        var parent = await FindAsync(parentId, officer, db, ct);
        var children = db.Unions.AsNoTracking().Where(u => u.ParentId == parent.Id && (query.IncludeClosed || u.ClosedAt == null));
        var total = await children.CountAsync(ct);
        var page = await children.OrderBy(u => u.ClosedAt != null).ThenBy(u => u.Name).ThenBy(u => u.Code)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var counts = await CountsBelowAsync(parent, page.Select(u => u.Id).ToList(), db, ct);
        return new PagedResult<Node>([.. page.Select(u => ToNode(u, counts.For(u)))], query.Page, query.PageSize, total);
    }

    public static async Task<PagedResult<Hit>> SearchAsync(SearchQuery query, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var keyword = query.Keyword.Trim();
        var upper = keyword.ToUpperInvariant();
        var found = db.Unions.AsNoTracking().Where(u => u.Path.StartsWith(officer.UnionPath) && (query.IncludeClosed || u.ClosedAt == null)
            && (u.Name.Contains(keyword) || u.Code == keyword || u.CreditCode == upper));
        var total = await found.CountAsync(ct);
        var page = await found.OrderBy(u => u.Depth).ThenBy(u => u.Name).ThenBy(u => u.Code)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var ancestors = await AncestorsAsync(page, officer, db, ct);
        return new PagedResult<Hit>(
            [.. page.Select(u => new Hit(u.Id, u.Code, u.Name, u.Kind, UnionSheet.KindText(u.Kind), u.RegionCode, u.IsClosed, ancestors(u)))],
            query.Page, query.PageSize, total);
    }

    public static async Task<Detail> DetailAsync(Guid id, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var union = await FindAsync(id, officer, db, ct);
        var ancestors = await AncestorsAsync([union], officer, db, ct);
        var mergedInto = union.MergedIntoId is { } into
            ? await db.Unions.AsNoTracking().Where(u => u.Id == into).Select(u => new UnionRef(u.Id, u.Name)).SingleAsync(ct)
            : null;
        return new Detail(
            await NodeAsync(union, db, ct), ancestors(union), union.Id == officer.UnionId, union.CreditCode, union.OrganizationName, union.IndustrySection,
            union.Address, union.ContactName, union.ContactPhone, union.FoundedOn, union.CreatedAt, union.ClosedAt,
            union.Closure is { } closure ? UnionTreeRules.ClosureText(closure) : null, mergedInto);
    }

    /// <summary>A union of the officer's subtree (closed ones too: their history stays readable), or 404.</summary>
    public static async Task<Union> FindAsync(Guid id, OfficerContext officer, AppDbContext db, CancellationToken ct) =>
        await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(officer.UnionPath), ct)
        ?? throw UnionTreeRules.NotFound();

    /// <summary>A union of the subtree by its code or credit code (the console's move and close forms take codes), or null.</summary>
    public static Task<Union?> FindByCodeAsync(string code, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var upper = code.Trim().ToUpperInvariant();
        var trimmed = code.Trim();
        return db.Unions.AsNoTracking().Where(u => u.Path.StartsWith(officer.UnionPath) && (u.Code == trimmed || u.CreditCode == upper))
            .OrderBy(u => u.ClosedAt != null).FirstOrDefaultAsync(ct);
    }

    private static Node ToNode(Union u, Counts counts) => new(
        u.Id, u.Code, u.Name, u.Kind, UnionSheet.KindText(u.Kind), u.RegionCode, u.ParentId, u.Depth, u.AcceptsMembers, u.IsClosed,
        counts.Children, counts.Members, counts.Pending, counts.Officers);

    /// <summary>One node with its counts (the root of the view, a detail page): four small queries over its subtree.</summary>
    private static async Task<Node> NodeAsync(Union union, AppDbContext db, CancellationToken ct)
    {
        var path = union.Path;
        var members = await db.Members.CountAsync(m => m.Status == MembershipStatus.Active && db.Unions.Any(u => u.Id == m.UnionId && u.Path.StartsWith(path)), ct);
        var pending = await db.MembershipApplications.CountAsync(
            a => a.Status == ApplicationStatus.Submitted && db.Unions.Any(u => u.Id == a.UnionId && u.Path.StartsWith(path)), ct);
        var officers = await db.Officers.CountAsync(o => o.UnionId == union.Id && !o.IsDisabled, ct);
        var children = await db.Unions.CountAsync(u => u.ParentId == union.Id && u.ClosedAt == null, ct);
        return ToNode(union, new Counts(children, members, pending, officers));
    }

    private sealed record Counts(int Children, int Members, int Pending, int Officers);

    private sealed class LevelCounts(
        Dictionary<string, int> members, Dictionary<string, int> pending, Dictionary<Guid, int> officers, Dictionary<Guid, int> children)
    {
        public Counts For(Union child) => new(
            children.GetValueOrDefault(child.Id), members.GetValueOrDefault(child.Code), pending.GetValueOrDefault(child.Code), officers.GetValueOrDefault(child.Id));
    }

    /// <summary>
    /// The counts of a parent's children, each over the child's subtree: members and pending applications grouped by the path
    /// segment just below the parent (that segment is the child's code), officers and open grandchildren grouped by union.
    /// </summary>
    private static async Task<LevelCounts> CountsBelowAsync(Union parent, IReadOnlyList<Guid> childIds, AppDbContext db, CancellationToken ct)
    {
        var prefix = parent.Path;
        var start = prefix.Length;
        var below = db.Unions.Where(u => u.Path.StartsWith(prefix) && u.Id != parent.Id);
        var members = await db.Members.Where(m => m.Status == MembershipStatus.Active)
            .Join(below, m => m.UnionId, u => u.Id, (m, u) => u.Path.Substring(start, u.Path.Substring(start).IndexOf("/")))
            .GroupBy(segment => segment).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal, ct);
        var pending = await db.MembershipApplications.Where(a => a.Status == ApplicationStatus.Submitted)
            .Join(below, a => a.UnionId, u => u.Id, (a, u) => u.Path.Substring(start, u.Path.Substring(start).IndexOf("/")))
            .GroupBy(segment => segment).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal, ct);
        var officers = await db.Officers.Where(o => childIds.Contains(o.UnionId) && !o.IsDisabled)
            .GroupBy(o => o.UnionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var children = await db.Unions.Where(u => u.ParentId != null && childIds.Contains(u.ParentId.Value) && u.ClosedAt == null)
            .GroupBy(u => u.ParentId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return new LevelCounts(members, pending, officers, children);
    }

    /// <summary>For each union, its ancestors from the officer's union down to its parent, from one read of the unions on their paths.</summary>
    private static async Task<Func<Union, IReadOnlyList<UnionRef>>> AncestorsAsync(IReadOnlyList<Union> unions, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var rootDepth = officer.UnionPath.Count(c => c == '/') - 2;
        var codes = unions.SelectMany(u => u.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(rootDepth)).Distinct().ToList();
        var byCode = await db.Unions.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => new { u.Code, u.Id, u.Name })
            .ToDictionaryAsync(u => u.Code, u => new UnionRef(u.Id, u.Name), StringComparer.Ordinal, ct);
        return union => [.. union.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(rootDepth).SkipLast(1).Select(code => byCode[code])];
    }
}
