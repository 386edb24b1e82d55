using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>
/// Officer accounts administered by officers holding ManageOfficers, inside their own subtree (rules in
/// <see cref="OfficerAccountRules"/>). Every change is audited; a new or reset password is generated, shown once and never
/// stored or logged in clear. Called by the web console.
/// </summary>
public static class OfficerAccounts
{
    public sealed record Query(string? Keyword, int Page = 1, int PageSize = 20);

    public sealed record Item(
        Guid Id, string Username, string DisplayName, Guid UnionId, string UnionName, IReadOnlyList<OfficerPermissions> Permissions,
        string StatusText, bool IsDisabled, bool IsLockedOut, DateTime? LastLoginAt, bool IsSelf, string MaskedPhone);

    public sealed record CreateRequest(string Username, string DisplayName, Guid UnionId, OfficerPermissions Permissions);

    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword, string ConfirmPassword);

    /// <summary>The account and the one-time password to hand over.</summary>
    public sealed record Issued(Guid OfficerId, string Username, string DisplayName, string TemporaryPassword);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Username).Must(OfficerAccountRules.IsValidUsername)
                .WithMessage("用户名需 3–32 位，以小写字母开头，只含小写字母、数字和 . _ -").WithName("用户名");
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(32).WithName("姓名或称呼");
            RuleFor(r => r.UnionId).NotEmpty().WithMessage("请选择所属工会").WithName("所属工会");
        }
    }

    public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
    {
        public ChangePasswordValidator()
        {
            RuleFor(r => r.CurrentPassword).NotEmpty().WithName("当前密码");
            RuleFor(r => r.NewPassword).Custom((password, context) =>
            {
                if (OfficerAccountRules.PasswordProblem(password) is { } problem)
                {
                    context.AddFailure(problem);
                }
            });
            RuleFor(r => r.ConfirmPassword).Equal(r => r.NewPassword).WithMessage("两次输入的新密码不一致").WithName("确认新密码");
        }
    }

    public static async Task<PagedResult<Item>> ListAsync(
        Query query, OfficerContext administrator, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var unions = scope.UnionsWithin(administrator);
        var officers = db.Officers.AsNoTracking().Where(o => unions.Any(u => u.Id == o.UnionId));
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var keyword = query.Keyword.Trim();
            officers = officers.Where(o => o.Username.Contains(keyword) || o.DisplayName.Contains(keyword));
        }

        var total = await officers.CountAsync(ct);
        var rows = await officers
            .Select(o => new { Officer = o, Union = db.Unions.Single(u => u.Id == o.UnionId) })
            .OrderBy(r => r.Union.Path).ThenBy(r => r.Officer.Username)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(ct);
        var items = rows.Select(r => new Item(
            r.Officer.Id, r.Officer.Username, r.Officer.DisplayName, r.Union.Id, r.Union.Name,
            OfficerAccountRules.Singles.Where(p => r.Officer.Permissions.HasFlag(p)).ToList(),
            OfficerAccountRules.StatusText(r.Officer, now), r.Officer.IsDisabled, r.Officer.IsLockedOut(now), r.Officer.LastLoginAt,
            r.Officer.Id == administrator.OfficerId, Masking.Phone(protector.UnprotectOrNull(r.Officer.PhoneCipher)))).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }

    public static async Task<Issued> CreateAsync(
        CreateRequest request, OfficerContext administrator, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var held = await db.Officers.Where(o => o.Id == administrator.OfficerId).Select(o => o.Permissions).SingleAsync(ct);
        OfficerAccountRules.EnsureCanGrant(held, request.Permissions);
        var union = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UnionId, ct);
        if (union is null || !union.Path.StartsWith(administrator.UnionPath, StringComparison.Ordinal))
        {
            throw DomainException.NotFound("officers.union_not_found", "所选工会不存在，或不在您的管辖范围内");
        }

        if (await db.Officers.AnyAsync(o => o.Username == request.Username, ct))
        {
            throw DomainException.Conflict("officers.username_taken", $"用户名“{request.Username}”已被使用，请换一个");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var password = OfficerAccountRules.TemporaryPassword();
        var officer = new Officer
        {
            Id = Guid.CreateVersion7(), Username = request.Username, DisplayName = request.DisplayName.Trim(), PasswordHash = "",
            UnionId = union.Id, Permissions = request.Permissions, CreatedAt = now, MustChangePassword = true,
        };
        officer.PasswordHash = OfficerLogin.HashPassword(officer, password);
        db.Officers.Add(officer);
        db.Record(now, AuditTrail.Officer, administrator.OfficerId, nameof(Officer), officer.Id, "identity.officer.created",
            to: string.Join(",", officer.PermissionNames()), reason: officer.Username, unionId: union.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index on the username fired: someone took the name meanwhile.
            throw DomainException.Conflict("officers.username_taken", $"用户名“{request.Username}”已被使用，请换一个");
        }

        return new Issued(officer.Id, officer.Username, officer.DisplayName, password);
    }

    /// <summary>A new one-time password; also ends a lockout and signs the account out of the mini-program (refresh tokens revoked).</summary>
    public static async Task<Issued> ResetPasswordAsync(Guid id, OfficerContext administrator, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (officer, union) = await FindAsync(id, administrator, db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var password = OfficerAccountRules.TemporaryPassword();
        officer.PasswordHash = OfficerLogin.HashPassword(officer, password);
        officer.MustChangePassword = true;
        // One way in at a time: an activation code not yet used dies with the reset.
        officer.ActivationCodeHash = null;
        officer.ActivationExpiresAt = null;
        OfficerAccountRules.Unlock(officer);
        db.Record(now, AuditTrail.Officer, administrator.OfficerId, nameof(Officer), officer.Id, "identity.officer.password_reset", unionId: union.Id);
        await SaveWithRevokedTokensAsync(db, officer.Id, now, ct);
        return new Issued(officer.Id, officer.Username, officer.DisplayName, password);
    }

    /// <summary>停用 / 启用. A disabled account cannot log in, refresh a token or keep a console session.</summary>
    public static async Task SetDisabledAsync(Guid id, bool disabled, OfficerContext administrator, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (officer, union) = await FindAsync(id, administrator, db, ct);
        if (officer.IsDisabled == disabled)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        officer.IsDisabled = disabled;
        db.Record(now, AuditTrail.Officer, administrator.OfficerId, nameof(Officer), officer.Id,
            disabled ? "identity.officer.disabled" : "identity.officer.enabled",
            disabled ? "Active" : "Disabled", disabled ? "Disabled" : "Active", unionId: union.Id);
        if (disabled)
        {
            await SaveWithRevokedTokensAsync(db, officer.Id, now, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>解除锁定: ends the 15-minute lockout that wrong passwords caused.</summary>
    public static async Task UnlockAsync(Guid id, OfficerContext administrator, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (officer, union) = await FindAsync(id, administrator, db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (!officer.IsLockedOut(now) && officer.FailedLoginCount == 0)
        {
            return;
        }

        OfficerAccountRules.Unlock(officer);
        db.Record(now, AuditTrail.Officer, administrator.OfficerId, nameof(Officer), officer.Id, "identity.officer.unlocked", unionId: union.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The officer changes their own password, proving the current one (a wrong one counts towards the lockout).</summary>
    /// <summary>
    /// The officer's own password. The current password is checked under the login throttle (same account-and-source
    /// waits as the login form), so a session left open cannot be used to guess it at speed; a wait answers 429.
    /// </summary>
    public static async Task ChangeOwnPasswordAsync(
        ChangePasswordRequest request, OfficerContext self, HttpContext http, LoginThrottle throttle, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request.NewPassword == request.CurrentPassword)
        {
            // Otherwise "change" the handed-over password to itself and it would have passed through other hands still.
            throw new DomainException("officers.password_unchanged", "新密码不能与当前密码相同");
        }

        var username = await db.Officers.Where(o => o.Id == self.OfficerId).Select(o => o.Username).SingleAsync(ct);
        var attempt = await throttle.BeginOfficerLoginAsync(http, username);
        var now = time.GetUtcNow().UtcDateTime;
        var (officer, refusal) = await OfficerLogin.CheckCredentialsAsync(db, username, request.CurrentPassword, now, ct);
        if (officer is null)
        {
            if (refusal == OfficerLogin.WrongCredentials)
            {
                await throttle.FailedAsync(attempt);
            }

            throw refusal!.Code == "auth.invalid_credentials"
                ? new DomainException("officers.wrong_password", "当前密码不正确")
                : DomainException.Forbidden(refusal.Code, refusal.Message);
        }

        await throttle.SucceededAsync(attempt);

        officer.PasswordHash = OfficerLogin.HashPassword(officer, request.NewPassword);
        officer.MustChangePassword = false;
        db.Record(now, AuditTrail.Officer, officer.Id, nameof(Officer), officer.Id, "identity.officer.password_changed", unionId: officer.UnionId);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<(Officer Officer, Union Union)> FindAsync(Guid id, OfficerContext administrator, AppDbContext db, CancellationToken ct)
    {
        var found = await db.Officers.Where(o => o.Id == id)
            .Select(o => new { Officer = o, Union = db.Unions.Single(u => u.Id == o.UnionId) })
            .SingleOrDefaultAsync(ct) ?? throw DomainException.NotFound("officers.not_found", "未找到该账号，或不在您的管辖范围内");
        var administratorUnion = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == administrator.UnionId, ct);
        OfficerAccountRules.EnsureCanAdminister(administrator.OfficerId, administratorUnion, found.Officer, found.Union);
        return (found.Officer, found.Union);
    }

    private static async Task SaveWithRevokedTokensAsync(AppDbContext db, Guid officerId, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.RefreshTokens.Where(t => t.SubjectId == officerId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await transaction.CommitAsync(ct);
    }
}
