using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>Officer account login. Five wrong passwords in a row lock the account for 15 minutes.</summary>
public static class OfficerLogin
{
    private static readonly PasswordHasher<Officer> Hasher = new();

    public sealed record Request(string Username, string Password);

    public sealed record Response(string AccessToken, string RefreshToken, int ExpiresIn, OfficerSummary Officer);

    public sealed record OfficerSummary(Guid Id, string Username, string DisplayName, Guid UnionId, string UnionName, IReadOnlyList<string> Permissions);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Username).NotEmpty().MaximumLength(64).WithName("用户名");
            RuleFor(r => r.Password).NotEmpty().MaximumLength(128).WithName("密码");
        }
    }

    public static string HashPassword(Officer officer, string password) => Hasher.HashPassword(officer, password);

    /// <summary>Why a login failed: the HTTP status, the stable code and the zh-CN message.</summary>
    public sealed record Refusal(int Status, string Code, string Message);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, AppDbContext db, TokenIssuer tokens, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        await throttle.CheckIpAsync(http);
        await throttle.CheckAccountAsync(http, request.Username);
        var (officer, refusal) = await CheckCredentialsAsync(db, request.Username, request.Password, time.GetUtcNow().UtcDateTime, ct);
        if (officer is null)
        {
            return Problems.Create(refusal!.Status, refusal.Code, refusal.Message);
        }

        var unionName = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Name).SingleAsync(ct);
        var pair = await tokens.IssueForOfficerAsync(officer, ct);
        return TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn,
            new OfficerSummary(officer.Id, officer.Username, officer.DisplayName, officer.UnionId, unionName, officer.PermissionNames())));
    }

    /// <summary>
    /// The officer's password check with its lockout rule, shared by the API login and the web console's: a wrong password
    /// counts towards the lockout, a locked or disabled account is refused, a good password resets the count. Saves.
    /// </summary>
    public static async Task<(Officer? Officer, Refusal? Refusal)> CheckCredentialsAsync(
        AppDbContext db, string username, string password, DateTime now, CancellationToken ct)
    {
        var wrong = new Refusal(401, "auth.invalid_credentials", "用户名或密码错误");
        var locked = new Refusal(403, "auth.locked", "密码错误次数过多，账号已锁定 15 分钟，请稍后再试");
        var officer = await db.Officers.SingleOrDefaultAsync(o => o.Username == username, ct);
        if (officer is null)
        {
            return (null, wrong);
        }

        if (officer.IsLockedOut(now))
        {
            return (null, locked);
        }

        var verdict = Hasher.VerifyHashedPassword(officer, officer.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            officer.RecordFailedLogin(now);
            await db.SaveChangesAsync(ct);
            return (null, officer.IsLockedOut(now) ? locked : wrong);
        }

        if (officer.IsDisabled)
        {
            return (null, new Refusal(403, "auth.disabled", "该账号已停用，请联系上级工会"));
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            officer.PasswordHash = Hasher.HashPassword(officer, password);
        }

        officer.RecordSuccessfulLogin(now);
        await db.SaveChangesAsync(ct);
        return (officer, null);
    }
}
