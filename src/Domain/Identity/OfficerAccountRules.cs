using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Changai.Domain.Common;
using Changai.Domain.Organizations;

namespace Changai.Domain.Identity;

/// <summary>
/// Who may administer which officer account: only accounts in the administrator's own subtree, never their own (a locked-out
/// administrator must be helped by someone else, so no one can quietly re-arm an account they took over), and permissions
/// can be handed on only when the administrator holds them.
/// </summary>
public static partial class OfficerAccountRules
{
    public const int MinPasswordLength = 10;

    // Letters and digits without the look-alikes (0/O, 1/l/I), so a password read out over the phone is typed right.
    private const string PasswordAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,31}$")]
    private static partial Regex UsernamePattern();

    public static bool IsValidUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    public static void EnsureCanAdminister(Guid administratorId, Union administratorUnion, Officer target, Union targetUnion)
    {
        if (!administratorUnion.Contains(targetUnion))
        {
            throw DomainException.NotFound("officers.not_found", "未找到该账号，或不在您的管辖范围内");
        }

        if (target.Id == administratorId)
        {
            throw DomainException.Forbidden("officers.self", "不能对自己的账号执行此操作，请联系上级工会或其他管理员");
        }
    }

    public static void EnsureCanGrant(OfficerPermissions held, OfficerPermissions requested)
    {
        if (requested == OfficerPermissions.None)
        {
            throw new DomainException("officers.no_permission_chosen", "请至少选择一项权限");
        }

        if ((requested & ~held) != OfficerPermissions.None)
        {
            throw DomainException.Forbidden("officers.permission_not_held", "只能授予您本人拥有的权限");
        }
    }

    /// <summary>A password an officer can choose: long enough, and mixing letters and digits.</summary>
    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength ? $"密码至少 {MinPasswordLength} 位"
        : password.Length > 128 ? "密码不能超过 128 位"
        : !password.Any(char.IsLetter) || !password.Any(char.IsDigit) ? "密码需同时包含字母和数字"
        : null;

    /// <summary>A one-time password shown once to the administrator, who hands it over; it satisfies <see cref="PasswordProblem"/>.</summary>
    public static string TemporaryPassword()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(PasswordAlphabet, 12);
            if (candidate.Any(char.IsUpper) && candidate.Any(char.IsLower) && candidate.Any(char.IsDigit))
            {
                return candidate;
            }
        }
    }

    /// <summary>How long an imported account's activation code stays good.</summary>
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(7);

    // Upper case without the look-alikes (0/O, 1/I/L, S/5 kept apart): read out over the phone and typed on a phone.
    private const string ActivationAlphabet = "ABCDEFGHJKMNPQRTUVWXY346789";

    /// <summary>
    /// A one-time activation code for an imported account, <c>XXXX-XXXX-XXXX</c> (12 characters of 27, about 57 bits): shown
    /// once to the importing officer, stored only as a keyed hash, good for <see cref="ActivationLifetime"/>; wrong guesses
    /// are throttled like wrong passwords.
    /// </summary>
    public static string ActivationCode()
    {
        var code = RandomNumberGenerator.GetString(ActivationAlphabet, 12);
        return $"{code[..4]}-{code[4..8]}-{code[8..]}";
    }

    /// <summary>The code as it is hashed: upper case, without the dashes and spaces people type or leave out.</summary>
    public static string NormalizeActivationCode(string code) =>
        new([.. code.ToUpperInvariant().Where(c => c is not ('-' or ' ' or '\u3000'))]);

    /// <summary>Ends a lockout earned by wrong passwords.</summary>
    public static void Unlock(Officer officer)
    {
        officer.FailedLoginCount = 0;
        officer.LockoutEndsAt = null;
    }

    /// <summary>What an administrator reads in the account list.</summary>
    public static string StatusText(Officer officer, DateTime now) =>
        officer.IsDisabled ? "已停用"
        : officer.IsLockedOut(now) ? "已锁定（密码错误过多）"
        : officer.AwaitsActivation ? officer.ActivationExpiresAt > now ? "待激活" : "激活码已过期（请重置密码）"
        : "正常";

    public static string PermissionText(OfficerPermissions permission) => permission switch
    {
        OfficerPermissions.ReviewMembership => "入会审核",
        OfficerPermissions.ReviewSubsidies => "补贴审核",
        OfficerPermissions.ManageSubsidies => "补贴项目管理",
        OfficerPermissions.ManageTraining => "培训管理",
        OfficerPermissions.ManageQuiz => "知识竞答管理",
        OfficerPermissions.Finance => "财务发放",
        OfficerPermissions.ManageOfficers => "干部账号管理",
        OfficerPermissions.ManageJobs => "后台任务管理",
        OfficerPermissions.ManageUnions => "工会组织管理",
        _ => permission.ToString(),
    };

    public static IReadOnlyList<OfficerPermissions> Singles { get; } = Enum.GetValues<OfficerPermissions>()
        .Where(p => p is not OfficerPermissions.None and not OfficerPermissions.All).ToList();
}
