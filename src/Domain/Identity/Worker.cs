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

    /// <summary>Replaced by a placeholder when the account is cancelled, so the same WeChat user can register again as a new worker.</summary>
    public required string OpenId { get; set; }

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

    /// <summary>When the worker cancelled the account (注销账号); the row then holds no personal data, only what keeps references whole.</summary>
    public DateTime? CancelledAt { get; private set; }

    /// <summary>What officers' views show instead of the name of a worker who cancelled the account.</summary>
    public const string CancelledName = "已注销";

    public bool HasCompleteIdentity => RealName is not null && IdNumberHash is not null && PhoneHash is not null;

    /// <summary>
    /// Erases everything that identifies the person (PIPL art. 47). The openid becomes a placeholder, so a later login
    /// with the same WeChat account creates a new worker; the name becomes <see cref="CancelledName"/>, which is what every
    /// officer view of this worker then shows.
    /// </summary>
    public void Cancel(DateTime now)
    {
        OpenId = "cancelled:" + Id.ToString("N");
        WeChatUnionId = null;
        SessionKeyCipher = null;
        RealName = CancelledName;
        EraseIdNumber();
        PhoneCipher = null;
        PhoneHash = null;
        PhoneVerifiedAt = null;
        Employer = null;
        IndustrySection = null;
        Occupation = null;
        SkillLevel = null;
        EmploymentForm = null;
        NewEmploymentKind = null;
        CountyCode = null;
        IsEcologicalMigrant = false;
        CancelledAt = now;
        UpdatedAt = now;
    }

    /// <summary>The ID number and what was read from it (birth date, gender).</summary>
    public void EraseIdNumber()
    {
        IdNumberCipher = null;
        IdNumberHash = null;
        BirthDate = null;
        Gender = null;
    }
}
