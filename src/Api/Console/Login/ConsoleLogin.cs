using System.Security.Claims;
using Changai.Api.Identity;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Common;
using Changai.Domain.Data;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Login;

/// <summary>
/// Login, logout and the officer's own password. The password check and its lockout are the API's
/// (<see cref="OfficerLogin.CheckCredentialsAsync"/>), and so is the throttle per address and per account and address: an
/// unknown name and a wrong password read the same, and a source that must wait gets 429 with Retry-After.
/// </summary>
public static class ConsoleLogin
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/login", Show).AllowAnonymous();
        console.MapPost("/login", Submit).AllowAnonymous();
        console.MapPost("/logout", (Delegate)Logout);
        ConsoleActivation.Map(console);
        console.MapGet("/forbidden", () => ConsolePages.Error(StatusCodes.Status403Forbidden, "没有权限", "您的账号没有使用该功能的权限。如需开通，请联系上级工会。"))
            .AllowAnonymous();
        console.MapGet("/account/password", (string? done) => ConsolePages.Render(new PasswordPage.Data { Done = done == "1" ? "密码已修改，下次登录请使用新密码。" : null }));
        console.MapPost("/account/password", ChangePassword);
        console.MapGet("/assets/console.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return TypedResults.Text(ConsoleStyles.Css, "text/css; charset=utf-8");
        }).AllowAnonymous();
        console.MapGet("/assets/console.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return TypedResults.Text(ConsoleScripts.Js, "text/javascript; charset=utf-8");
        }).AllowAnonymous();
    }

    private static IResult Show(HttpContext http, string? returnUrl, string? expired) =>
        http.User.Identity?.IsAuthenticated == true
            ? TypedResults.Redirect(SafeReturn(returnUrl))
            : ConsolePages.Render(new LoginPage.Data
            {
                ReturnUrl = SafeReturn(returnUrl),
                Info = expired == "1" ? "长时间未操作，已自动退出登录，请重新登录。" : null,
            });

    private static async Task<IResult> Submit(HttpContext http, AppDbContext db, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var username = form.Text("username") ?? "";
        var password = form["password"].FirstOrDefault() ?? "";
        var returnUrl = SafeReturn(form.Text("returnUrl"));
        IResult Again(string error, int status) =>
            ConsolePages.Render(new LoginPage.Data { Username = username, ReturnUrl = returnUrl, Error = error }, status);

        if (username.Length == 0 || password.Length == 0 || username.Length > 64 || password.Length > 128)
        {
            return Again("请输入用户名和密码", StatusCodes.Status400BadRequest);
        }

        LoginThrottle.Attempt attempt;
        try
        {
            attempt = await throttle.BeginOfficerLoginAsync(http, username);
        }
        catch (RateLimitedException e)
        {
            http.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Again(e.Message, StatusCodes.Status429TooManyRequests);
        }

        var (officer, refusal) = await OfficerLogin.CheckCredentialsAsync(db, username, password, time.GetUtcNow().UtcDateTime, ct);
        if (officer is null)
        {
            if (refusal == OfficerLogin.WrongCredentials)
            {
                await throttle.FailedAsync(attempt);
            }

            return Again(refusal!.Message, refusal.Status);
        }

        await throttle.SucceededAsync(attempt);

        await http.SignInAsync(ConsoleSession.Scheme, ConsoleSession.PrincipalFor(officer),
            new AuthenticationProperties { IsPersistent = false, IssuedUtc = time.GetUtcNow() });
        return TypedResults.Redirect(returnUrl);
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(ConsoleSession.Scheme);
        return TypedResults.Redirect(ConsoleSetup.BasePath + "/login");
    }

    private static async Task<IResult> ChangePassword(
        HttpContext http, OfficerContext officer, AppDbContext db, LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var request = new OfficerAccounts.ChangePasswordRequest(form["current"].FirstOrDefault() ?? "", form["new"].FirstOrDefault() ?? "", form["confirm"].FirstOrDefault() ?? "");
        var issued = (await http.AuthenticateAsync(ConsoleSession.Scheme)).Properties?.IssuedUtc ?? time.GetUtcNow();
        return await FormAction.RunAsync(http, request,
            async request =>
            {
                try
                {
                    await OfficerAccounts.ChangeOwnPasswordAsync(request, officer, http, throttle, db, time, ct);
                }
                catch (RateLimitedException e)
                {
                    http.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return ConsolePages.Render(new PasswordPage.Data { Error = e.Message }, StatusCodes.Status429TooManyRequests);
                }

                // The new password ends every other session of this account; this one continues with the new stamp.
                var account = await db.Officers.AsNoTracking().SingleAsync(o => o.Id == officer.OfficerId, ct);
                await http.SignInAsync(ConsoleSession.Scheme, ConsoleSession.PrincipalFor(account),
                    new AuthenticationProperties { IsPersistent = false, IssuedUtc = issued });
                return ConsolePages.SeeOther("/account/password?done=1");
            },
            (errors, status) => Task.FromResult<IResult>(ConsolePages.Render(new PasswordPage.Data { Error = errors.First }, status)));
    }

    /// <summary>Only a console page of this server: never an absolute or protocol-relative address (open redirect).</summary>
    internal static string SafeReturn(string? returnUrl) =>
        returnUrl is not null && (returnUrl == ConsoleSetup.BasePath || returnUrl.StartsWith(ConsoleSetup.BasePath + "/", StringComparison.Ordinal))
            && !returnUrl.Contains("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            && !returnUrl.Contains("..", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl)
            && !returnUrl.StartsWith(ConsoleSetup.BasePath + "/login", StringComparison.Ordinal)
            ? returnUrl
            : ConsoleSetup.BasePath;
}
