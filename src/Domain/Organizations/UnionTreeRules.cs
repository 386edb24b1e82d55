using Changai.Domain.Common;
using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Organizations;

/// <summary>Where a move puts a union: its subtree's old and new path prefix, the change of depth, and its place.</summary>
public sealed record UnionMovePlan(
    string OldPath, string NewPath, int DepthDelta, string OldRegionCode, string RegionCode, string PrefectureCode)
{
    public bool RegionChanged => RegionCode != OldRegionCode;

    /// <summary>
    /// A descendant's region after the move: one that shared the moved union's old region (a county's enterprises, when a
    /// street union changes county after a boundary change) takes the new one; any other stays, and must lie inside it.
    /// </summary>
    public string DescendantRegion(string region) => region == OldRegionCode ? RegionCode : region;
}

/// <summary>
/// The rules of keeping the union tree (创建、改名、调整上级、撤销/合并), as plain methods: an officer acts inside their own
/// subtree (404 outside it, as everywhere), never on their own union (the level above decides that), never hangs a union
/// under itself or its own descendant, and regions nest (a union's region lies inside its parent's). A move rewrites the
/// path of the union and of every descendant by prefix (<see cref="MovedPath"/>); a close needs the union empty of child
/// unions and, when it has members, a union that accepts them.
/// </summary>
public static class UnionTreeRules
{
    /// <summary>The union an officer may change: inside their subtree and not their own.</summary>
    public static void EnsureCanChange(Union officerUnion, Union target)
    {
        if (!officerUnion.Contains(target))
        {
            throw NotFound();
        }

        if (target.Id == officerUnion.Id)
        {
            throw DomainException.Forbidden("organizations.union.own_union", "不能调整您本人所在的工会，请由上级工会办理");
        }

        if (target.IsClosed)
        {
            throw DomainException.Conflict("organizations.union.closed", $"“{target.Name}”已撤销，不能再调整");
        }
    }

    public static DomainException NotFound() => DomainException.NotFound("organizations.union.not_found", "未找到该工会，或不在您的管辖范围内");

    /// <summary>A parent for a new or moved union: inside the officer's subtree (their own union included) and open.</summary>
    public static void EnsureCanBeParent(Union officerUnion, Union parent)
    {
        if (!officerUnion.Contains(parent))
        {
            throw DomainException.NotFound("organizations.union.parent_not_found", "所选上级工会不存在，或不在您的管辖范围内");
        }

        if (parent.IsClosed)
        {
            throw new DomainException("organizations.union.parent_closed", $"“{parent.Name}”已撤销，不能作为上级工会");
        }
    }

    /// <summary>Whether a region lies inside the parent's: <c>530111</c> inside <c>530100</c>, anything in Yunnan inside <c>530000</c>.</summary>
    public static bool FitsRegion(string region, string parentRegion) =>
        region.StartsWith(Union.RegionPrefix(parentRegion), StringComparison.Ordinal);

    public static void EnsureRegionFits(string region, Union parent)
    {
        if (!FitsRegion(region, parent.RegionCode))
        {
            throw new DomainException("organizations.union.region_outside_parent",
                $"行政区划 {region} 不在上级工会（{parent.Name}，{parent.RegionCode}）的地区范围内");
        }
    }

    /// <summary>
    /// Checks a move of <paramref name="moving"/> under <paramref name="newParent"/> and says where it goes. The region stays
    /// unless a new one is given; either way it must lie inside the new parent's.
    /// </summary>
    public static UnionMovePlan PlanMove(Union officerUnion, Union moving, Union newParent, string? newRegionCode)
    {
        EnsureCanChange(officerUnion, moving);
        EnsureCanBeParent(officerUnion, newParent);
        if (newParent.Id == moving.Id || moving.Contains(newParent))
        {
            throw new DomainException("organizations.union.move_cycle", $"不能把“{moving.Name}”移到它自己或它的下级工会之下");
        }

        if (newParent.Id == moving.ParentId)
        {
            throw new DomainException("organizations.union.same_parent", $"“{moving.Name}”已在“{newParent.Name}”之下");
        }

        var region = newRegionCode ?? moving.RegionCode;
        if (!FitsRegion(region, newParent.RegionCode))
        {
            throw new DomainException("organizations.union.region_outside_parent", newRegionCode is null
                ? $"“{moving.Name}”的行政区划 {region} 不在新上级工会（{newParent.Name}，{newParent.RegionCode}）的地区范围内，请同时填写新的行政区划代码"
                : $"行政区划 {region} 不在新上级工会（{newParent.Name}，{newParent.RegionCode}）的地区范围内");
        }

        var newPath = Union.ChildPath(newParent.Path, moving.Code);
        return new UnionMovePlan(moving.Path, newPath, newParent.Depth + 1 - moving.Depth, moving.RegionCode, region, Union.PrefectureOf(region));
    }

    /// <summary>A path of the moved subtree after the move: its old prefix replaced by the new one.</summary>
    public static string MovedPath(string path, string oldPath, string newPath) =>
        path.StartsWith(oldPath, StringComparison.Ordinal)
            ? newPath + path[oldPath.Length..]
            : throw new ArgumentException($"{path} is not inside {oldPath}", nameof(path));

    /// <summary>
    /// Checks that a union can close now: no open child unions, and its members (and open applications) have somewhere to go —
    /// a receiving union inside the officer's subtree, open, not the union itself or below it, and taking members.
    /// </summary>
    public static void EnsureCanClose(Union officerUnion, Union closing, int openChildren, int activeMembers, int openApplications, int subsidyReviewsWaiting, Union? receiving)
    {
        EnsureCanChange(officerUnion, closing);
        if (openChildren > 0)
        {
            throw new DomainException("organizations.union.has_children", $"“{closing.Name}”还有 {openChildren} 个下级工会，请先把它们移到其他上级工会或撤销后再撤销本工会");
        }

        if (subsidyReviewsWaiting > 0)
        {
            throw new DomainException("organizations.union.subsidy_reviews_waiting", $"“{closing.Name}”还有 {subsidyReviewsWaiting} 份补贴申请等待本级审核，请先办结");
        }

        if (receiving is null)
        {
            if (activeMembers > 0)
            {
                throw new DomainException("organizations.union.has_members", $"“{closing.Name}”还有 {activeMembers} 名会员，请指定接收会员的工会，会籍将随之转入");
            }

            return;
        }

        if (!officerUnion.Contains(receiving))
        {
            throw DomainException.NotFound("organizations.union.receiver_not_found", "所选接收工会不存在，或不在您的管辖范围内");
        }

        if (receiving.IsClosed)
        {
            throw new DomainException("organizations.union.receiver_closed", $"“{receiving.Name}”已撤销，不能接收会员");
        }

        if (receiving.Id == closing.Id || closing.Contains(receiving))
        {
            throw new DomainException("organizations.union.receiver_inside", "接收工会不能是被撤销的工会本身或它的下级工会");
        }

        if ((activeMembers > 0 || openApplications > 0) && !receiving.AcceptsMembers)
        {
            throw new DomainException("organizations.union.receiver_not_accepting",
                $"“{receiving.Name}”不直接接收会员，请选择基层工会或区域性、行业工会作为接收工会");
        }
    }

    /// <summary>The reason each moved membership records, as the worker reads it: 「工会撤销，会籍转入…」.</summary>
    public static string TransferReason(UnionClosure closure, Union closing, Union receiving) =>
        $"{(closure == UnionClosure.Merged ? "工会合并" : "工会撤销")}，会籍由“{closing.Name}”转入“{receiving.Name}”";

    public static string ClosureText(UnionClosure closure) => closure == UnionClosure.Merged ? "合并" : "撤销";
}

/// <summary>
/// Serialises the changes that read a union's path and then write paths (create, move, close, import), so two officers
/// moving unions at once can neither build a cycle nor hang a new union on a path that has just changed. Moves are rare:
/// one lock for the whole tree costs nothing. PostgreSQL: a transaction-scoped advisory lock. SQLite: its transactions
/// begin IMMEDIATE (Microsoft.Data.Sqlite's default), which already takes the database's one write lock.
/// </summary>
public static class UnionTreeLock
{
    // The number is an arbitrary constant naming this lock among the database's advisory locks.
    private const string LockSql = "SELECT pg_advisory_xact_lock(530020261207)";

    /// <summary>
    /// Call inside the transaction, before reading the paths the change depends on. Also changes the tree's
    /// <see cref="UnionTreeStamp"/> in that transaction, so every process drops the subtrees it keeps when the change commits.
    /// </summary>
    public static async Task AcquireAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync(LockSql, ct);
        }

        await UnionTreeStamp.BumpAsync(db, ct);
    }
}
