using Changai.Api.Infrastructure;
using Changai.Api.OfficerConsole;
using Microsoft.AspNetCore.Authorization;

namespace Changai.Api.Infrastructure.Security;

/// <summary>
/// An officer whose password someone else chose (console create or reset, bootstrap, import) carries
/// <see cref="Policies.PasswordChangeClaim"/> until they choose their own. Until then the API answers 403
/// <c>auth.password_change_required</c> everywhere except endpoints marked <see cref="Allowed"/> (change password, log out),
/// and every console page redirects to the password page. Runs after authorization, so the console's cookie principal is
/// the one looked at on console pages.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    /// <summary>Endpoint metadata: this endpoint stays open to an officer who must still change their password.</summary>
    public static readonly object Allowed = new AllowedDuringPasswordChange();

    public const string ConsolePasswordPage = ConsoleSetup.BasePath + "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !context.User.HasClaim(c => c.Type == Policies.PasswordChangeClaim)
            || endpoint.Metadata.GetMetadata<AllowedDuringPasswordChange>() is not null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }

        if (context.Request.Path.StartsWithSegments(ConsoleSetup.BasePath))
        {
            if (context.Request.Path.StartsWithSegments(ConsolePasswordPage) || context.Request.Path.StartsWithSegments(ConsoleSetup.BasePath + "/logout"))
            {
                return next(context);
            }

            context.Response.Redirect(ConsolePasswordPage);
            return Task.CompletedTask;
        }

        return Problems.Create(StatusCodes.Status403Forbidden, "auth.password_change_required", "首次登录（或密码被重置后）请先修改密码，再使用其他功能")
            .ExecuteAsync(context);
    }

    private sealed class AllowedDuringPasswordChange;
}
