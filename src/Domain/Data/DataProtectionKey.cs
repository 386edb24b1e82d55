using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Data;

/// <summary>
/// One element of the ASP.NET Core data-protection key ring (a key or a revocation, as the framework writes it), kept in the
/// database so that every API instance behind the load balancer reads and writes the same ring: a console cookie or form
/// protected by one instance is accepted by the others, and a restart signs nobody out.
/// </summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; init; }

    /// <summary>The framework's name for the element (e.g. <c>key-&lt;guid&gt;</c>); informational.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>The element as the framework wrote it; a key's secret inside is encrypted with the personal-data key.</summary>
    public required string Xml { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class DataProtectionKeyMapping : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> e) => e.ToTable("DataProtectionKeys");
}
