using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Profiles;

/// <summary>
/// A vocational certificate a worker holds, recorded by an officer (for example at the end of a training course). It shows
/// on the worker's profile and can be chosen in a subsidy application instead of typing its details.
/// </summary>
public sealed class WorkerCertificate
{
    public Guid Id { get; init; }

    public Guid WorkerId { get; init; }

    /// <summary>证书编号, as printed.</summary>
    public required string Number { get; init; }

    /// <summary>职业（工种）, e.g. 育婴员, 焊工.</summary>
    public required string Occupation { get; init; }

    public SkillLevel Level { get; init; }

    public DateOnly IssuedOn { get; init; }

    /// <summary>发证机构.</summary>
    public required string Issuer { get; init; }

    /// <summary>The training course that led to it, when there was one.</summary>
    public Guid? CourseId { get; init; }

    public Guid RecordedByOfficerId { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class WorkerCertificateMapping : IEntityTypeConfiguration<WorkerCertificate>
{
    public void Configure(EntityTypeBuilder<WorkerCertificate> e)
    {
        e.Property(x => x.Level).HasConversion<string>();
        e.HasIndex(x => new { x.WorkerId, x.Number }).IsUnique();
        e.HasIndex(x => x.Number);
        e.HasIndex(x => x.CourseId);
        e.HasOne<Identity.Worker>().WithMany().HasForeignKey(x => x.WorkerId).OnDelete(DeleteBehavior.Restrict);
    }
}
