using System.Security.Claims;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// The console's cookie session. It carries exactly the officer access token's claims (role, union, permissions, sub), so
/// the API's policies and <see cref="OfficerScope"/> apply unchanged, plus a stamp of the password. Each request re-reads the
/// account (one primary-key read): a disabled or locked-out account loses its session at once (as the API refuses its
/// refresh token), so does every session opened before a password reset or change (the stamp no longer matches), changed
/// permissions or union take effect at once, and no session outlives <see cref="ConsoleOptions.MaxSessionHours"/>.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "console";

    /// <summary>Derived from the password hash, so any new password (reset by an administrator, or changed) ends older sessions.</summary>
    public const string StampClaim = "console_stamp";

    public static ClaimsPrincipal PrincipalFor(Officer officer)
    {
        var claims = TokenIssuer.OfficerClaims(officer);
        claims.Add(new Claim("sub", officer.Id.ToString()));
        claims.Add(new Claim(StampClaim, Stamp(officer)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "sub", Policies.RoleClaim));
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var maxAge = TimeSpan.FromHours(services.GetRequiredService<IOptions<ConsoleOptions>>().Value.MaxSessionHours);
        var officer = Guid.TryParse(context.Principal?.FindFirstValue("sub"), out var id)
            ? await services.GetRequiredService<AppDbContext>().Officers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, context.HttpContext.RequestAborted)
            : null;
        if (officer is null || officer.IsDisabled || officer.IsLockedOut(now.UtcDateTime) || context.Properties.IssuedUtc is not { } issued || now - issued > maxAge
            || context.Principal!.FindFirstValue(StampClaim) != Stamp(officer))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        var fresh = PrincipalFor(officer);
        if (!SameClaims(context.Principal!, fresh))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    /// <summary>Back to the login page; says so when it was an expired session rather than no session at all.</summary>
    public static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = context.RedirectUri;
        if (context.Request.Cookies.ContainsKey(context.Options.Cookie.Name!))
        {
            target += (target.Contains('?') ? "&" : "?") + "expired=1";
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    // The cookie is encrypted; a truncated digest still reveals nothing of the hash, which itself reveals nothing of the password.
    private static string Stamp(Officer officer) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(officer.PasswordHash)))[..16];

    private static bool SameClaims(ClaimsPrincipal current, ClaimsPrincipal fresh) =>
        current.Claims.Select(c => (c.Type, c.Value)).OrderBy(c => c).SequenceEqual(fresh.Claims.Select(c => (c.Type, c.Value)).OrderBy(c => c));
}
