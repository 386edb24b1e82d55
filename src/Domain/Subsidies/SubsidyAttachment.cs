using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Changai.Domain.Subsidies;

/// <summary>
/// A file attached to an application (certificate photo, receipt, proof of hardship). The bytes live in the attachment
/// store under <see cref="StorageKey"/>, a name the server made; the client's file name is kept for display only.
/// </summary>
public sealed class SubsidyAttachment
{
    public Guid Id { get; init; }

    public Guid ApplicationId { get; init; }

    /// <summary>Which required document it is (a code from the programme's list), or <c>other</c>.</summary>
    public required string DocumentCode { get; init; }

    public required string FileName { get; init; }

    /// <summary>Decided from the file's first bytes, never from its name or the client's claim.</summary>
    public required string ContentType { get; init; }

    public long SizeBytes { get; init; }

    public required string StorageKey { get; init; }

    public required string Sha256 { get; init; }

    public DateTime UploadedAt { get; init; }
}

internal sealed class SubsidyAttachmentMapping : IEntityTypeConfiguration<SubsidyAttachment>
{
    public void Configure(EntityTypeBuilder<SubsidyAttachment> e)
    {
        e.HasIndex(x => x.ApplicationId);
        e.HasIndex(x => x.StorageKey).IsUnique();
        e.HasOne<SubsidyApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The file types an application accepts, recognised by their signature bytes.</summary>
public static class FileSignatures
{
    public const int HeadLength = 8;

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        return head.StartsWith("%PDF-"u8) ? "application/pdf" : null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };
}
