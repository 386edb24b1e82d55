using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Dashboard;

/// <summary>
/// The membership figures of an officer's subtree, broken down by the unions one level below theirs (for the province: the
/// 16 prefectures). 入会率 is members ÷ workers registered in the mini-program whose workplace county lies in the area; it is
/// given only for unions that stand for an area (province, prefecture, county), since an enterprise union has no area.
/// </summary>
public static class DashboardFigures
{
    /// <summary>Waiting-time bands, in days since submission; 15 days is the contact time comparable platforms promise.</summary>
    public static readonly (int From, int To, string Label)[] AgeBands =
        [(0, 3, "3 天以内"), (4, 7, "4–7 天"), (8, 15, "8–15 天"), (16, 30, "16–30 天"), (31, int.MaxValue, "30 天以上")];

    public const int OverdueDays = 15;

    public sealed record Area(string Name, string Path, int Members, int JoinedThisMonth, int Waiting, int? Workers)
    {
        public double? Rate => Workers is > 0 ? (double)Members / Workers.Value : null;
    }

    public sealed record Month(DateOnly Start, int Joined, int Total);

    public sealed record Figures(
        string ScopeName, string BreakdownTitle, Area Total, IReadOnlyList<Area> Areas, IReadOnlyList<Month> Growth,
        IReadOnlyList<(string Label, int Count)> WaitingByAge, int Overdue, int? OldestWaitingDays);

    public static async Task<Figures> ForAsync(OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var firstMonth = monthStart.AddMonths(-11);
        var unions = scope.UnionsWithin(officer);
        var self = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        var children = await db.Unions.AsNoTracking().Where(u => u.ParentId == self.Id).OrderBy(u => u.Code).ToListAsync(ct);
        var areas = children.Count > 0 ? children : [self];

        // One grouped query per measure; the unions with members are few compared with the rows, and are mapped to areas here.
        var members = await db.Members.AsNoTracking().Where(m => m.Status == MembershipStatus.Active)
            .Join(unions, m => m.UnionId, u => u.Id, (m, u) => new { u.Path, m.JoinedOn })
            .GroupBy(x => new { x.Path, ThisMonth = x.JoinedOn >= monthStart })
            .Select(g => new { g.Key.Path, g.Key.ThisMonth, Count = g.Count() })
            .ToListAsync(ct);
        var activeInScope = db.Members.AsNoTracking().Where(m => m.Status == MembershipStatus.Active && unions.Any(u => u.Id == m.UnionId));
        var joinedBefore = await activeInScope.CountAsync(m => m.JoinedOn < firstMonth, ct);
        var joinedByDay = await activeInScope.Where(m => m.JoinedOn >= firstMonth)
            .GroupBy(m => m.JoinedOn)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var waiting = await db.MembershipApplications.AsNoTracking().Where(a => a.Status == ApplicationStatus.Submitted)
            .Join(unions, a => a.UnionId, u => u.Id, (a, u) => new { u.Path, a.SubmittedAt })
            .ToListAsync(ct);
        var workers = await db.Workers.AsNoTracking().Where(w => w.CountyCode != null)
            .GroupBy(w => w.CountyCode!)
            .Select(g => new { County = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        int? WorkersIn(Union union) => RegionPrefix(union) is { } prefix ? workers.Where(w => w.County.StartsWith(prefix, StringComparison.Ordinal)).Sum(w => w.Count) : null;
        Area AreaOf(Union union) => new(
            union.Name, union.Path,
            members.Where(m => m.Path.StartsWith(union.Path, StringComparison.Ordinal)).Sum(m => m.Count),
            members.Where(m => m.ThisMonth && m.Path.StartsWith(union.Path, StringComparison.Ordinal)).Sum(m => m.Count),
            waiting.Count(w => w.Path.StartsWith(union.Path, StringComparison.Ordinal)),
            WorkersIn(union));

        var growth = new List<Month>();
        var total = joinedBefore;
        for (var month = firstMonth; month <= monthStart; month = month.AddMonths(1))
        {
            var next = month.AddMonths(1);
            var joined = joinedByDay.Where(d => d.Day >= month && d.Day < next).Sum(d => d.Count);
            total += joined;
            growth.Add(new Month(month, joined, total));
        }

        var ages = waiting.Select(w => today.DayNumber - ChinaTime.DateOf(w.SubmittedAt).DayNumber).ToList();
        return new Figures(
            self.Name,
            // The heading fits the level: a city officer's next level down is its counties.
            self.Kind switch
            {
                UnionKind.Province => "各州（市）",
                UnionKind.Prefecture when children.Count > 0 => "各县（市、区）",
                _ => children.Count > 0 ? "各下级工会" : "本工会",
            },
            AreaOf(self),
            areas.Select(AreaOf).ToList(),
            growth,
            AgeBands.Select(b => (b.Label, ages.Count(a => a >= b.From && a <= b.To))).ToList(),
            ages.Count(a => a > OverdueDays),
            ages.Count > 0 ? ages.Max() : null);
    }

    /// <summary>
    /// The GB/T 2260 prefix of the area a union stands for, or null when it stands for none (an enterprise, a regional or
    /// industry union, or a development-zone committee whose territory belongs to a county counted elsewhere).
    /// </summary>
    public static string? RegionPrefix(Union union) => union.Kind switch
    {
        UnionKind.Province => union.Code,
        UnionKind.Prefecture => union.PrefectureCode,
        UnionKind.County when union.Code == union.RegionCode => union.RegionCode,
        _ => null,
    };
}
