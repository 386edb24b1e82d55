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

/// <summary>
/// Officer account login. Wrong passwords slow the address they come from (<see cref="LoginThrottle"/>) but never lock the
/// account; an unknown name and a wrong password get the same answer after the same work, so names cannot be enumerated.
/// </summary>
public static class OfficerLogin
{
    private static readonly PasswordHasher<Officer> Hasher = new();

    private static readonly Officer DummyOfficer = new() { Username = "", DisplayName = "", PasswordHash = "" };

    // Checked when no account has the name typed, so that the answer costs what a real account's wrong password costs.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(DummyOfficer, Guid.NewGuid().ToString("N")));

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
        var attempt = await throttle.BeginOfficerLoginAsync(http, request.Username);
        var (officer, refusal) = await CheckCredentialsAsync(db, request.Username, request.Password, time.GetUtcNow().UtcDateTime, ct);
        if (officer is null)
        {
            if (refusal == WrongCredentials)
            {
                await throttle.FailedAsync(attempt);
            }

            return Problems.Create(refusal!.Status, refusal.Code, refusal.Message);
        }

        await throttle.SucceededAsync(attempt);

        var unionName = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Name).SingleAsync(ct);
        var pair = await tokens.IssueForOfficerAsync(officer, ct);
        return TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn,
            new OfficerSummary(officer.Id, officer.Username, officer.DisplayName, officer.UnionId, unionName, officer.PermissionNames())));
    }

    /// <summary>The answer to a wrong password and to a name no account has: the same status, code and words.</summary>
    public static readonly Refusal WrongCredentials = new(401, "auth.invalid_credentials", "用户名或密码错误");

    /// <summary>
    /// The officer's password check, shared by the API login and the web console's: a wrong password or an unknown name is
    /// <see cref="WrongCredentials"/> after one password-hash computation either way; a disabled account is refused only to
    /// someone who knows its password; a good password records the login. Saves only on success (a failure writes nothing,
    /// which would cost time only real accounts pay). The throttle around it is the caller's.
    /// </summary>
    public static async Task<(Officer? Officer, Refusal? Refusal)> CheckCredentialsAsync(
        AppDbContext db, string username, string password, DateTime now, CancellationToken ct)
    {
        var officer = await db.Officers.SingleOrDefaultAsync(o => o.Username == username, ct);
        var verdict = Hasher.VerifyHashedPassword(officer ?? DummyOfficer, officer?.PasswordHash ?? DummyHash.Value, password);
        if (officer is null || verdict == PasswordVerificationResult.Failed)
        {
            return (null, WrongCredentials);
        }

        // An account locked before wrong passwords stopped locking (or by an administrator) stays refused until it ends,
        // but only the one who knows the password learns it.
        if (officer.IsLockedOut(now))
        {
            return (null, new Refusal(403, "auth.locked", "该账号已被锁定，请稍后再试或联系上级工会解除锁定"));
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
