using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>
/// The officer changes their own password over the API — the one thing an account whose password someone else chose may
/// do (<see cref="PasswordChangeGate"/>). Every other session of the account ends (its refresh tokens are revoked) and a new
/// token pair, without the must-change mark, is returned so the client carries on.
/// </summary>
public static class ChangeOfficerPassword
{
    public static async Task<Ok<TokenPair>> Handle(
        OfficerAccounts.ChangePasswordRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TokenIssuer tokens, LoginThrottle throttle,
        TimeProvider time, CancellationToken ct)
    {
        var self = await scope.ForAsync(http.User, ct);
        await OfficerAccounts.ChangeOwnPasswordAsync(request, self, http, throttle, db, time, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.SubjectId == self.OfficerId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        var officer = await db.Officers.AsNoTracking().SingleAsync(o => o.Id == self.OfficerId, ct);
        return TypedResults.Ok(await tokens.IssueForOfficerAsync(officer, ct));
    }
}
