namespace Changai.Domain.Identity;

public enum SubjectType
{
    Worker,
    Officer,
}

/// <summary>
/// One refresh token of a rotation chain (<see cref="FamilyId"/>). Only its SHA-256 hash is stored. Presenting a token
/// that was already used means it leaked: the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }

    public Guid FamilyId { get; init; }

    public SubjectType SubjectType { get; init; }

    public Guid SubjectId { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? UsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
