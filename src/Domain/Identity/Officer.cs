namespace Changai.Domain.Identity;

[Flags]
public enum OfficerPermissions
{
    None = 0,
    ReviewMembership = 1,
    ReviewSubsidies = 2,
    ManageTraining = 4,
    ManageQuiz = 8,
    Finance = 16,
    ManageOfficers = 32,
    ManageSubsidies = 64,
    /// <summary>The background jobs dashboard: full control for a province-level officer, read-only below.</summary>
    ManageJobs = 128,
    /// <summary>工会组织管理: import and keep the union tree of one's subtree.</summary>
    ManageUnions = 256,
    All = ReviewMembership | ReviewSubsidies | ManageTraining | ManageQuiz | Finance | ManageOfficers | ManageSubsidies | ManageUnions,
}

/// <summary>A union officer (工会干部). Scope is the subtree of <see cref="UnionId"/>.</summary>
public sealed class Officer
{
    public Guid Id { get; init; }

    public required string Username { get; init; }

    public required string DisplayName { get; set; }

    public required string PasswordHash { get; set; }

    public Guid UnionId { get; set; }

    public OfficerPermissions Permissions { get; set; }

    /// <summary>No longer counted: wrong passwords slow their source instead of locking the account (LoginThrottle).</summary>
    public int FailedLoginCount { get; set; }

    /// <summary>A lock from before that change; nothing sets it now, an administrator can still end it.</summary>
    public DateTime? LockoutEndsAt { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>
    /// Set whenever someone else chose the password (console create or reset, bootstrap, import): until the officer picks
    /// their own, their tokens open only the password change, so a password that passed through other hands stops working.
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The officer's mobile (imported with the account), encrypted (<c>FieldProtector</c>); shown masked.</summary>
    public string? PhoneCipher { get; set; }

    /// <summary>Keyed hash of the mobile, for look-ups and for telling an unchanged re-import from a changed one.</summary>
    public string? PhoneHash { get; set; }

    /// <summary>
    /// An imported account's one-time activation code, hashed like a password; the code itself was shown once to the
    /// importing officer and is stored nowhere. Null once the account is activated (or its password was reset).
    /// </summary>
    public string? ActivationCodeHash { get; set; }

    public DateTime? ActivationExpiresAt { get; set; }

    public bool AwaitsActivation => ActivationCodeHash is not null;

    /// <summary>Bound later through the mini-program so officers get WeChat reminders.</summary>
    public string? WeChatOpenId { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? LastLoginAt { get; set; }

    /// <summary>The single permissions this officer holds, by name (<c>ReviewMembership</c>, …).</summary>
    public IReadOnlyList<string> PermissionNames() => Enum.GetValues<OfficerPermissions>()
        .Where(p => p is not OfficerPermissions.None and not OfficerPermissions.All && Permissions.HasFlag(p))
        .Select(p => p.ToString())
        .ToList();

    public bool IsLockedOut(DateTime now) => LockoutEndsAt is { } end && end > now;

    public void RecordSuccessfulLogin(DateTime now)
    {
        FailedLoginCount = 0;
        LockoutEndsAt = null;
        LastLoginAt = now;
    }
}
