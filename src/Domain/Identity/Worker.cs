using Changai.Domain.Privacy;
using Changai.Domain.Profiles;

namespace Changai.Domain.Identity;

/// <summary>
/// A worker who logged in through the mini-program. Identified by the WeChat openid, never by anything the client
/// asserts. Personal data (ID number, phone, session key) is held only encrypted, with keyed hashes for look-ups.
/// </summary>
public sealed class Worker
{
    public Guid Id { get; init; }

    public required string OpenId { get; init; }

    public string? WeChatUnionId { get; set; }

    /// <summary>The WeChat session_key, encrypted; it never leaves the server.</summary>
    public string? SessionKeyCipher { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastLoginAt { get; set; }

    public string? RealName { get; set; }

    public string? IdNumberCipher { get; set; }

    public string? IdNumberHash { get; set; }

    public DateOnly? BirthDate { get; set; }

    public Gender? Gender { get; set; }

    public string? PhoneCipher { get; set; }

    public string? PhoneHash { get; set; }

    public DateTime? PhoneVerifiedAt { get; set; }

    public string? Employer { get; set; }

    /// <summary>GB/T 4754 section letter (A–T).</summary>
    public string? IndustrySection { get; set; }

    public string? Occupation { get; set; }

    public SkillLevel? SkillLevel { get; set; }

    public EmploymentForm? EmploymentForm { get; set; }

    public NewEmploymentKind? NewEmploymentKind { get; set; }

    /// <summary>GB/T 2260 county code (6 digits) where the worker works.</summary>
    public string? CountyCode { get; set; }

    public bool IsEcologicalMigrant { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two saves of the same profile cannot silently overwrite each other.</summary>
    public int Version { get; set; }

    public bool HasCompleteIdentity => RealName is not null && IdNumberHash is not null && PhoneHash is not null;
}
