using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Organizations;

/// <summary>
/// The union tree's version: one row whose <see cref="Stamp"/> changes, in the same transaction, with every change that can
/// change which unions lie under a path (a union created or imported, a subtree moved; close and reopen too, through
/// <see cref="UnionTreeLock"/>). A process may keep a subtree's union ids for as long as the stamp it read them under is
/// the current one: reading the stamp costs a subquery on a one-row table in the officer's own look-up, and a change made
/// through any process is seen by every other at its next request, with no message that could be missed.
/// </summary>
public sealed class UnionTreeStamp
{
    public const int RowId = 1;

    public int Id { get; init; }

    /// <summary>A new random value on every change: no read is needed to write it, and an old one never comes back.</summary>
    public Guid Stamp { get; set; }

    /// <summary>Inside the transaction of a change written with bulk statements (which no interceptor sees).</summary>
    public static Task BumpAsync(AppDbContext db, CancellationToken ct) =>
        db.UnionTreeStamps.Where(s => s.Id == RowId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stamp, Guid.NewGuid()), ct);

    /// <summary>
    /// Changes the stamp in the save that adds or removes a union through the change tracker (the union editor's create,
    /// the demo data, the tests' fixtures), so the new stamp commits with the union or not at all.
    /// </summary>
    public sealed class Interceptor : SaveHooks
    {
        public static readonly Interceptor Instance = new();

        protected override void Saving(DbContext context)
        {
            if (context is not AppDbContext db)
            {
                return;
            }

            var treeChanged = false;
            UnionTreeStamp? tracked = null;
            foreach (var entry in db.ChangeTracker.Entries())
            {
                tracked ??= entry.Entity as UnionTreeStamp;
                treeChanged |= entry.Entity is Union && entry.State is EntityState.Added or EntityState.Deleted;
            }

            if (treeChanged)
            {
                // Tracked since an earlier save of this context, or attached now: either way written with this save.
                var stamp = db.Entry(tracked ?? db.UnionTreeStamps.Attach(new UnionTreeStamp { Id = RowId }).Entity);
                stamp.Entity.Stamp = Guid.NewGuid();
                stamp.Property(s => s.Stamp).IsModified = true;
            }
        }
    }
}

internal sealed class UnionTreeStampMapping : IEntityTypeConfiguration<UnionTreeStamp>
{
    public void Configure(EntityTypeBuilder<UnionTreeStamp> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasData(new UnionTreeStamp { Id = UnionTreeStamp.RowId, Stamp = Guid.Empty });
    }
}
