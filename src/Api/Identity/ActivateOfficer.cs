using System.Security.Cryptography;
using System.Text;
using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>
/// An imported officer activates the account: username and the one-time activation code handed over by the importing
/// officer, and a password of their own. The code then dies. A wrong code counts like a wrong password in the login
/// throttle (per account and source, never locking the account); an unknown name and a wrong code get the same answer
/// after the same work; that a code has expired, or the account is disabled, is told only to someone holding the right code.
/// </summary>
public static class ActivateOfficer
{
    public sealed record Request(string Username, string ActivationCode, string NewPassword, string ConfirmPassword);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Username).NotEmpty().MaximumLength(64).WithName("用户名");
            RuleFor(r => r.ActivationCode).NotEmpty().MaximumLength(32).WithName("激活码");
            RuleFor(r => r.NewPassword).Custom((password, context) =>
            {
                if (OfficerAccountRules.PasswordProblem(password) is { } problem)
                {
                    context.AddFailure("newPassword", problem);
                }
            });
            RuleFor(r => r.ConfirmPassword).Equal(r => r.NewPassword).WithMessage("两次输入的新密码不一致").WithName("确认新密码");
        }
    }

    public static readonly OfficerLogin.Refusal WrongCode = new(401, "auth.invalid_activation_code", "用户名或激活码错误");

    public static async Task<Results<Ok<OfficerLogin.Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, AppDbContext db, FieldProtector protector, TokenIssuer tokens, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        var (officer, refusal) = await ActivateAsync(request, http, db, protector, throttle, time, ct);
        if (officer is null)
        {
            return Problems.Create(refusal!.Status, refusal.Code, refusal.Message);
        }

        var unionName = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Name).SingleAsync(ct);
        var pair = await tokens.IssueForOfficerAsync(officer, ct);
        return TypedResults.Ok(new OfficerLogin.Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn,
            new OfficerLogin.OfficerSummary(officer.Id, officer.Username, officer.DisplayName, officer.UnionId, unionName, officer.PermissionNames())));
    }

    /// <summary>
    /// The activation shared by the API and the console: the activated account, or why not. Throws
    /// <see cref="RateLimitedException"/> when this source must wait (the caller answers 429).
    /// </summary>
    public static async Task<(Officer? Officer, OfficerLogin.Refusal? Refusal)> ActivateAsync(
        Request request, HttpContext http, AppDbContext db, FieldProtector protector, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        var username = request.Username.Trim();
        var attempt = await throttle.BeginOfficerLoginAsync(http, username);
        var officer = await db.Officers.AsNoTracking().SingleOrDefaultAsync(o => o.Username == username, ct);
        var presented = Encoding.ASCII.GetBytes(protector.LookupHash(OfficerAccountRules.NormalizeActivationCode(request.ActivationCode)));
        var stored = Encoding.ASCII.GetBytes(officer?.ActivationCodeHash ?? new string('0', presented.Length));
        if (officer?.ActivationCodeHash is null || !CryptographicOperations.FixedTimeEquals(presented, stored))
        {
            await throttle.FailedAsync(attempt);
            return (null, WrongCode);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (officer.ActivationExpiresAt <= now)
        {
            return (null, new OfficerLogin.Refusal(403, "auth.activation_expired", "激活码已过期，请联系账号管理员重置密码"));
        }

        if (officer.IsDisabled)
        {
            return (null, new OfficerLogin.Refusal(403, "auth.disabled", "该账号已停用，请联系上级工会"));
        }

        await throttle.SucceededAsync(attempt);
        var passwordHash = OfficerLogin.HashPassword(officer, request.NewPassword);
        // Conditional on the code still being there: of two activations racing with the same code, one wins.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Officers.Where(o => o.Id == officer.Id && o.ActivationCodeHash == officer.ActivationCodeHash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.PasswordHash, passwordHash)
                .SetProperty(o => o.MustChangePassword, false)
                .SetProperty(o => o.ActivationCodeHash, (string?)null)
                .SetProperty(o => o.ActivationExpiresAt, (DateTime?)null)
                .SetProperty(o => o.FailedLoginCount, 0)
                .SetProperty(o => o.LockoutEndsAt, (DateTime?)null)
                .SetProperty(o => o.LastLoginAt, now), ct);
        if (claimed == 0)
        {
            return (null, WrongCode);
        }

        db.Record(now, AuditTrail.Officer, officer.Id, nameof(Officer), officer.Id, "identity.officer.activated", unionId: officer.UnionId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        officer = await db.Officers.AsNoTracking().SingleAsync(o => o.Id == officer.Id, ct);
        return (officer, null);
    }
}
