using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Subsidies;

/// <summary>
/// One row per worker, programme kind and claim year: the row every submission under a yearly cap locks first, so two
/// submissions of the same person for the same year run one after the other and the second sees the first's claim.
/// <see cref="ClaimedFen"/> is what the live claims came to at the last submission (the applications stay the record:
/// a claim that is later rejected or withdrawn simply stops counting at the next submission).
/// </summary>
public sealed class SubsidyYearlyClaim
{
    public Guid WorkerId { get; init; }

    public SubsidyKind Kind { get; init; }

    /// <summary>Beijing year of the claims (<see cref="SubsidyApplication.ClaimYear"/>).</summary>
    public int Year { get; init; }

    public long ClaimedFen { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public static class SubsidyYearlyCap
{
    /// <summary>
    /// Checks <paramref name="amountFen"/> against the yearly cap under the (worker, kind, year) row lock and records the
    /// new total. Must run inside the caller's transaction, which must commit the application with it: the lock is what
    /// makes a concurrent submission wait until this one's claim is visible. PostgreSQL: the UPDATE takes the row lock and
    /// the sum that follows is a new statement, so under READ COMMITTED it sees every claim committed before the lock was
    /// granted. SQLite: the transaction holds the database write lock (BEGIN IMMEDIATE) from its start.
    /// </summary>
    public static async Task ReserveAsync(
        AppDbContext db, SubsidyApplication application, SubsidyKind kind, int year, long amountFen, long capFen, DateTime now, CancellationToken ct)
    {
        var workerId = application.WorkerId;
        var kindName = kind.ToString();
        var row = db.SubsidyYearlyClaims.Where(c => c.WorkerId == workerId && c.Kind == kind && c.Year == year);
        if (await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedFen, c => c.ClaimedFen), ct) == 0)
        {
            // First claim of the year: create the row. A concurrent first claim may create it too; EF rolls back to its
            // savepoint on the duplicate key, and the UPDATE below then waits for that one's lock like any other.
            var created = new SubsidyYearlyClaim { WorkerId = workerId, Kind = kind, Year = year, UpdatedAt = now };
            db.SubsidyYearlyClaims.Add(created);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.Entry(created).State = EntityState.Detached;
            }

            await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedFen, c => c.ClaimedFen), ct);
        }

        var claimed = await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.Id != application.Id && a.WorkerId == workerId && a.ClaimYear == year
                && SubsidyApplication.ClaimingStatuses.Contains(a.Status)
                && db.SubsidyPrograms.Any(p => p.Id == a.ProgramId && p.Kind == kind))
            .SumAsync(a => a.AmountFen ?? 0, ct);
        if (claimed + amountFen > capFen)
        {
            throw DomainException.Conflict("subsidies.yearly_cap_exceeded",
                $"每人每年{SubsidyNames.Of(kind)}累计不超过 {Money.Format(capFen)}；您本年度已申请 {Money.Format(claimed)}，本次 {Money.Format(amountFen)} 超出上限");
        }

        var total = claimed + amountFen;
        await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedFen, total).SetProperty(c => c.UpdatedAt, now), ct);
    }
}

internal sealed class SubsidyYearlyClaimMapping : IEntityTypeConfiguration<SubsidyYearlyClaim>
{
    public void Configure(EntityTypeBuilder<SubsidyYearlyClaim> e)
    {
        e.HasKey(x => new { x.WorkerId, x.Kind, x.Year });
        e.Property(x => x.Kind).HasConversion<string>();
        e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
    }
}
