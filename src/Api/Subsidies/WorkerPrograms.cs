using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>The programmes a worker can see, each with whether they may apply — and if not, every reason — before they start.</summary>
public static class WorkerPrograms
{
    public sealed record Item(
        Guid Id, string Name, SubsidyKind Kind, string KindText, UnionRef Owner, string? Description, DateOnly OpensOn, DateOnly ClosesOn,
        long BudgetFen, long RemainingFen, AllocationMode Allocation, string? LotterySeedHash, bool Drawn, SubsidyRules Rules,
        bool Eligible, IReadOnlyList<string> Reasons, Guid? MyApplicationId);

    public static async Task<Ok<IReadOnlyList<Item>>> List(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == http.User.UserId(), ct);
        var membership = await SubsidyAccess.MembershipAsync(db, worker.Id, ct);
        var today = ChinaTime.Today(time);
        var programs = db.SubsidyPrograms.AsNoTracking().Where(p => p.ClosesOn >= today);
        if (membership is { } m)
        {
            // A member sees the programmes of their union and of the unions above it.
            var codes = SubsidyReviewChain.CodesOnPath(m.Union.Path).ToList();
            programs = programs.Where(p => db.Unions.Any(u => u.Id == p.OwnerUnionId && codes.Contains(u.Code)));
        }

        var rows = await programs.OrderBy(p => p.ClosesOn).ThenBy(p => p.Id)
            .Select(p => new { Program = p, Owner = db.Unions.Single(u => u.Id == p.OwnerUnionId) })
            .ToListAsync(ct);
        var mine = await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.WorkerId == worker.Id && a.Status != SubsidyStatus.Withdrawn && a.Status != SubsidyStatus.Expired)
            .OrderByDescending(a => a.CreatedAt).Select(a => new { a.ProgramId, a.Id }).ToListAsync(ct);
        var applicant = new Applicant(worker, membership?.Member.JoinedOn, membership?.Union.Path);
        IReadOnlyList<Item> items = rows.Select(r =>
        {
            var reasons = SubsidyEligibility.Reasons(r.Program, r.Owner.Path, r.Owner.Name, applicant, today);
            return new Item(
                r.Program.Id, r.Program.Name, r.Program.Kind, SubsidyNames.Of(r.Program.Kind), new UnionRef(r.Owner.Id, r.Owner.Name),
                r.Program.Description, r.Program.OpensOn, r.Program.ClosesOn, r.Program.BudgetFen, r.Program.RemainingFen, r.Program.Allocation,
                r.Program.LotterySeedHash, r.Program.DrawnAt is not null, r.Program.Rules, reasons.Count == 0, reasons,
                mine.FirstOrDefault(a => a.ProgramId == r.Program.Id)?.Id);
        }).ToList();
        return TypedResults.Ok(items);
    }
}
