using Changai.Domain.Auditing;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Organizations;
using Changai.Domain.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Changai.Domain.Data;

/// <summary>
/// The one DbContext, used directly by the use cases (no repository layer). The same model runs on SQLite (embedded
/// default) and PostgreSQL (production). It is abstract only so that each provider has its own subtype
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>) and with it its own scaffolded migrations and
/// model snapshot (<c>Data/Migrations/Sqlite</c>, <c>Data/Migrations/Postgres</c>); everything else asks for
/// <see cref="AppDbContext"/>. Each feature adds its sets in a partial file (<c>AppDbContext.&lt;Feature&gt;.cs</c>) and its
/// mapping as <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own folder, picked up from this assembly.
/// </summary>
public abstract partial class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Union> Unions => Set<Union>();
    public DbSet<UnionTreeStamp> UnionTreeStamps => Set<UnionTreeStamp>();
    public DbSet<Officer> Officers => Set<Officer>();
    public DbSet<Worker> Workers => Set<Worker>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();
    public DbSet<MembershipApplication> MembershipApplications => Set<MembershipApplication>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<MembershipTransfer> MembershipTransfers => Set<MembershipTransfer>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<SubscriptionCredit> SubscriptionCredits => Set<SubscriptionCredit>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<WorkerCertificate> WorkerCertificates => Set<WorkerCertificate>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every timestamp is UTC. SQLite hands DateTimes back as Unspecified and Npgsql refuses non-UTC for timestamptz,
        // so the kind is fixed on the way in and on the way out.
        builder.Properties<DateTime>().HaveConversion<UtcConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Union>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.Path);
            e.HasIndex(x => x.RegionCode);
            // A re-import finds its unions by credit code; no two unions share one (NULL for unions made before imports).
            e.HasIndex(x => x.CreditCode).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>();
            e.Property(x => x.Closure).HasConversion<string>();
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Officer>(e =>
        {
            e.HasIndex(x => x.Username).IsUnique();
            e.HasIndex(x => x.UnionId);
            e.HasIndex(x => x.WeChatOpenId);
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.UnionId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Worker>(e =>
        {
            e.HasIndex(x => x.OpenId).IsUnique();
            e.HasIndex(x => x.IdNumberHash);
            e.HasIndex(x => x.PhoneHash);
            e.Property(x => x.Gender).HasConversion<string>();
            e.Property(x => x.SkillLevel).HasConversion<string>();
            e.Property(x => x.EmploymentForm).HasConversion<string>();
            e.Property(x => x.NewEmploymentKind).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<RefreshToken>(e =>
        {
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.FamilyId);
            e.Property(x => x.SubjectType).HasConversion<string>();
        });

        model.Entity<ConsentRecord>(e =>
        {
            e.ToTable("Consents");
            e.HasIndex(x => new { x.WorkerId, x.Kind });
            e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<MembershipApplication>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Channel).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.WorkerId).IsUnique().HasFilter(OpenApplicationFilter).HasDatabaseName("IX_MembershipApplications_WorkerId_Open");
            // The review queue pages by key on these, reading ids from the index alone: one union's queue (and counts per
            // union) on the first; a large subtree's (a prefecture's, the province's) walks the second in queue order and
            // stops after one page.
            e.HasIndex(x => new { x.UnionId, x.Status, x.SubmittedAt, x.Id });
            e.HasIndex(x => new { x.Status, x.SubmittedAt, x.Id, x.UnionId });
            e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.UnionId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Member>(e =>
        {
            e.ToTable("Members");
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.EndReason).HasConversion<string>();
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ExternalNumber).HasMaxLength(MemberSheet.MaxExternalNumberLength);
            e.Property(x => x.RegisteredName).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.ImportId);
            e.Ignore(x => x.IsUnclaimed);
            e.HasIndex(x => x.UnionId);
            e.HasIndex(x => x.WorkerId).IsUnique().HasFilter(ActiveMemberFilter).HasDatabaseName("IX_Members_WorkerId_Active");
            e.HasIndex(x => x.IdNumberHash).IsUnique().HasFilter(ActiveMemberFilter).HasDatabaseName("IX_Members_IdNumberHash_Active");
            e.HasIndex(x => x.PhoneHash).IsUnique().HasFilter(ActiveMemberFilter).HasDatabaseName("IX_Members_PhoneHash_Active");
            e.HasOne<Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.UnionId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<MembershipTransfer>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.MemberId).IsUnique().HasFilter(PendingTransferFilter).HasDatabaseName("IX_MembershipTransfers_MemberId_Pending");
            e.HasIndex(x => new { x.ToUnionId, x.Status });
            e.HasIndex(x => x.WorkerId);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.FromUnionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Union>().WithMany().HasForeignKey(x => x.ToUnionId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<AuditRecord>(e =>
        {
            e.HasIndex(x => new { x.EntityType, x.EntityId, x.At });
            e.HasIndex(x => new { x.UnionId, x.At });
        });

        model.Entity<Notification>(e =>
        {
            e.Property(x => x.DeliveryStatus).HasConversion<string>();
            e.HasIndex(x => x.DedupKey).IsUnique();
            e.HasIndex(x => new { x.RecipientType, x.RecipientId, x.CreatedAt });
            e.HasIndex(x => new { x.DeliveryStatus, x.NextAttemptAt });
            e.HasIndex(x => x.LeaseOwner);
        });

        model.Entity<SubscriptionCredit>(e => e.HasIndex(x => new { x.RecipientType, x.RecipientId, x.TemplateId }).IsUnique());

        model.Entity<IdempotencyRecord>(e =>
        {
            e.HasIndex(x => new { x.SubjectId, x.Key }).IsUnique();
            e.HasIndex(x => x.CreatedAt);
        });

        model.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    // Plain SQL understood by both SQLite and PostgreSQL (double-quoted identifiers, string literals).
    internal const string OpenApplicationFilter = "\"Status\" IN ('Submitted', 'Returned')";
    internal const string ActiveMemberFilter = "\"Status\" = 'Active'";
    internal const string PendingTransferFilter = "\"Status\" = 'Pending'";

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges()
    {
        BumpVersions();
        return base.SaveChanges();
    }

    /// <summary>Every change to a versioned row increments its version, so a concurrent writer holding the old one gets a conflict.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { } property)
            {
                var version = entry.Property(property.Name);
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
