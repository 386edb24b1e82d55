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

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, AppDbContext db, TokenIssuer tokens, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        await throttle.CheckIpAsync(http);
        await throttle.CheckAccountAsync(http, request.Username);
        var now = time.GetUtcNow().UtcDateTime;
        var officer = await db.Officers.SingleOrDefaultAsync(o => o.Username == request.Username, ct);
        var wrong = Problems.Create(401, "auth.invalid_credentials", "用户名或密码错误");
        if (officer is null)
        {
            return wrong;
        }

        if (officer.IsLockedOut(now))
        {
            return Problems.Create(403, "auth.locked", "密码错误次数过多，账号已锁定 15 分钟，请稍后再试");
        }

        var verdict = Hasher.VerifyHashedPassword(officer, officer.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            officer.RecordFailedLogin(now);
            await db.SaveChangesAsync(ct);
            return officer.IsLockedOut(now) ? Problems.Create(403, "auth.locked", "密码错误次数过多，账号已锁定 15 分钟，请稍后再试") : wrong;
        }

        if (officer.IsDisabled)
        {
            return Problems.Create(403, "auth.disabled", "该账号已停用，请联系上级工会");
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            officer.PasswordHash = Hasher.HashPassword(officer, request.Password);
        }

        officer.RecordSuccessfulLogin(now);
        await db.SaveChangesAsync(ct);
        var unionName = await db.Unions.Where(u => u.Id == officer.UnionId).Select(u => u.Name).SingleAsync(ct);
        var pair = await tokens.IssueForOfficerAsync(officer, ct);
        return TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn,
            new OfficerSummary(officer.Id, officer.Username, officer.DisplayName, officer.UnionId, unionName, officer.PermissionNames())));
    }
}
