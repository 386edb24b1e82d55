using Changai.Api.Identity;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;

namespace Changai.Api.OfficerConsole.Login;

/// <summary>
/// 激活账号, reached from the login page: an imported officer enters the username, the one-time activation code and a
/// password of their own (<see cref="ActivateOfficer"/>: the API's rules, code check and throttle), and is signed in.
/// </summary>
public static class ConsoleActivation
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/activate", () => ConsolePages.Render(new ActivatePage.Data { })).AllowAnonymous();
        console.MapPost("/activate", Submit).AllowAnonymous();
    }

    private static async Task<IResult> Submit(
        HttpContext http, AppDbContext db, FieldProtector protector, LoginThrottle throttle, IValidator<ActivateOfficer.Request> validator, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var request = new ActivateOfficer.Request(form.Text("username") ?? "", form.Text("code") ?? "", form["password"].FirstOrDefault() ?? "", form["confirm"].FirstOrDefault() ?? "");
        IResult Again(string error, int status) => ConsolePages.Render(new ActivatePage.Data { Username = request.Username, Error = error }, status);
        if ((await validator.ValidateAsync(request, ct)) is { IsValid: false } invalid)
        {
            return Again(invalid.Errors[0].ErrorMessage, StatusCodes.Status400BadRequest);
        }

        try
        {
            var (officer, refusal) = await ActivateOfficer.ActivateAsync(request, http, db, protector, throttle, time, ct);
            if (officer is null)
            {
                return Again(refusal!.Message, refusal.Status);
            }

            await http.SignInAsync(ConsoleSession.Scheme, ConsoleSession.PrincipalFor(officer),
                new AuthenticationProperties { IsPersistent = false, IssuedUtc = time.GetUtcNow() });
            return TypedResults.Redirect(ConsoleSetup.BasePath);
        }
        catch (RateLimitedException e)
        {
            http.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Again(e.Message, StatusCodes.Status429TooManyRequests);
        }
    }
}
