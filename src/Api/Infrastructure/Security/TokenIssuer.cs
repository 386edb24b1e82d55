using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Changai.Api.Infrastructure.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>A refresh token before its row is written: the value for the client, the hash and expiry for the row.</summary>
public sealed record NewRefresh(string Token, string Hash, DateTime ExpiresAt);

/// <summary>
/// Issues short-lived JWT access tokens and rotating refresh tokens. Refresh tokens are random, stored only as a SHA-256
/// hash, used once; a second use of the same token revokes its whole family (it was stolen or replayed).
/// </summary>
public sealed class TokenIssuer(AppDbContext db, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly AuthOptions auth = options.Value;

    public Task<TokenPair> IssueForWorkerAsync(Worker worker, CancellationToken ct) =>
        IssueAsync(SubjectType.Worker, worker.Id, [new Claim(Policies.RoleClaim, Policies.Worker)], Guid.CreateVersion7(), ct);

    /// <summary>A worker's tokens, their refresh row added to the unit of work the caller saves (a login saves the worker with it, in one commit).</summary>
    public TokenPair AddForWorker(Worker worker) =>
        Add(SubjectType.Worker, worker.Id, [new Claim(Policies.RoleClaim, Policies.Worker)], Guid.CreateVersion7());

    public Task<TokenPair> IssueForOfficerAsync(Officer officer, CancellationToken ct) =>
        IssueAsync(SubjectType.Officer, officer.Id, OfficerClaims(officer), Guid.CreateVersion7(), ct);

    /// <summary>Rotates a refresh token. Returns null when it is unknown, expired, revoked, or was already used (then the family is revoked).</summary>
    public async Task<TokenPair?> RotateAsync(string refreshToken, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stored = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == Hash(refreshToken), ct);
        if (stored is null || stored.ExpiresAt <= now || stored.RevokedAt is not null)
        {
            return null;
        }

        // Claim the token atomically: of two concurrent uses exactly one sees UsedAt still null.
        var claimed = await db.RefreshTokens.Where(t => t.Id == stored.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(stored.FamilyId, ct);
            return null;
        }

        List<Claim>? claims = null;
        if (stored.SubjectType == SubjectType.Worker && await db.Workers.AnyAsync(w => w.Id == stored.SubjectId, ct))
        {
            claims = [new Claim(Policies.RoleClaim, Policies.Worker)];
        }
        else if (stored.SubjectType == SubjectType.Officer
                 && await db.Officers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == stored.SubjectId, ct) is { IsDisabled: false } officer
                 && !officer.IsLockedOut(now))
        {
            claims = OfficerClaims(officer);
        }

        return claims is null ? null : await IssueAsync(stored.SubjectType, stored.SubjectId, claims, stored.FamilyId, ct);
    }

    /// <summary>Revokes the chain the given refresh token belongs to (logout). Only the subject's own tokens.</summary>
    public async Task RevokeAsync(string refreshToken, Guid subjectId, CancellationToken ct)
    {
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == Hash(refreshToken) && t.SubjectId == subjectId)
            .Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(ct);
        if (familyId is { } family)
        {
            await RevokeFamilyAsync(family, ct);
        }
    }

    private Task RevokeFamilyAsync(Guid familyId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private async Task<TokenPair> IssueAsync(SubjectType type, Guid subjectId, List<Claim> claims, Guid familyId, CancellationToken ct)
    {
        var pair = Add(type, subjectId, claims, familyId);
        await db.SaveChangesAsync(ct);
        return pair;
    }

    private TokenPair Add(SubjectType type, Guid subjectId, List<Claim> claims, Guid familyId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var refresh = NewRefreshToken(now);
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            FamilyId = familyId,
            SubjectType = type,
            SubjectId = subjectId,
            TokenHash = refresh.Hash,
            CreatedAt = now,
            ExpiresAt = refresh.ExpiresAt,
        });
        return new TokenPair(AccessToken(subjectId, claims, now), refresh.Token, auth.AccessTokenMinutes * 60);
    }

    /// <summary>A new refresh token: the value handed out once, and the SHA-256 hash and expiry its row stores.</summary>
    public NewRefresh NewRefreshToken(DateTime now)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new NewRefresh(token, Hash(token), now.AddDays(auth.RefreshTokenDays));
    }

    /// <summary>
    /// A worker's pair when the caller has written the refresh row itself (the login's one statement on PostgreSQL, which
    /// learns the worker's id only as it writes).
    /// </summary>
    public TokenPair WorkerPair(Guid workerId, NewRefresh refresh, DateTime now) =>
        new(AccessToken(workerId, [new Claim(Policies.RoleClaim, Policies.Worker)], now), refresh.Token, auth.AccessTokenMinutes * 60);

    private string AccessToken(Guid subjectId, List<Claim> claims, DateTime now)
    {
        claims.Add(new Claim("sub", subjectId.ToString()));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(auth.AccessTokenMinutes),
            SigningCredentials = Signing.For(auth),
        };
        return Signing.Handler.CreateToken(descriptor);
    }

    /// <summary>
    /// The signing key and the token handler, made once per configuration rather than per token (the key object caches
    /// its HMAC signature providers; a new one per call paid for new providers and their finalizers every login).
    /// </summary>
    private static class Signing
    {
        public static readonly JsonWebTokenHandler Handler = new();

        // One reference, swapped whole: a reader sees either the old pair or the new one, never half of each.
        private static Made? current;

        public static SigningCredentials For(AuthOptions options)
        {
            var known = Volatile.Read(ref current);
            if (known is not null && ReferenceEquals(known.Options, options))
            {
                return known.Credentials;
            }

            var made = new Made(options, new SigningCredentials(new SymmetricSecurityKey(options.SigningKeyBytes()), SecurityAlgorithms.HmacSha256));
            Volatile.Write(ref current, made);
            return made.Credentials;
        }

        private sealed record Made(AuthOptions Options, SigningCredentials Credentials);
    }

    /// <summary>An officer's role, union and permissions: the same claims in the API's access token and the console's session cookie.</summary>
    public static List<Claim> OfficerClaims(Officer officer)
    {
        var claims = new List<Claim> { new(Policies.RoleClaim, Policies.Officer), new(Policies.UnionClaim, officer.UnionId.ToString()) };
        claims.AddRange(officer.PermissionNames().Select(p => new Claim(Policies.PermissionClaim, p)));
        if (officer.MustChangePassword)
        {
            claims.Add(new Claim(Policies.PasswordChangeClaim, "required"));
        }

        return claims;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
