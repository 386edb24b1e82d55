using Changai.Api.Infrastructure;
using Changai.Domain.Common;
using Changai.Domain.Data;
using FluentValidation;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>
/// The one recipe of a console form's POST: validate the request with its FluentValidation validator, call the use case, and
/// on a refusal (a validation failure, or a <see cref="DomainException"/> other than "not found") forget the half-made
/// changes and show the form again with the officer's input, the zh-CN message and the status the API would answer.
/// A "not found" is left to <see cref="ConsolePageFilter"/>, which answers with the 404 page.
/// </summary>
public static class FormAction
{
    /// <param name="request">What the form posted, read into the use case's request record.</param>
    /// <param name="act">The use case; usually ends with <see cref="ConsolePages.SeeOther"/>.</param>
    /// <param name="again">The form again, with the problems and the status to answer with.</param>
    /// <param name="errors">Problems found while reading the form (a time that is not a time); the validator runs only when there are none.</param>
    /// <param name="fieldOf">The form field a refusal belongs to (shown beside it); a refusal named here is shown even when it is a "not found".</param>
    public static async Task<IResult> RunAsync<TRequest>(
        HttpContext http, TRequest request, Func<TRequest, Task<IResult>> act, Func<FormErrors, int, Task<IResult>> again,
        FormErrors? errors = null, Func<DomainException, string?>? fieldOf = null)
    {
        errors ??= new FormErrors();
        if (!errors.Any && http.RequestServices.GetService<IValidator<TRequest>>() is { } validator)
        {
            errors.Add(await validator.ValidateAsync(request, http.RequestAborted));
        }

        if (errors.Any)
        {
            return await again(errors, StatusCodes.Status400BadRequest);
        }

        try
        {
            return await act(request);
        }
        catch (DomainException e) when (fieldOf?.Invoke(e) is not null || e.Kind != DomainErrorKind.NotFound)
        {
            // The use case may have changed tracked entities before it refused: the form's page must read what is saved.
            http.RequestServices.GetRequiredService<AppDbContext>().ChangeTracker.Clear();
            errors.Add(fieldOf?.Invoke(e) ?? "", e.Message);
            return await again(errors, Problems.StatusOf(e.Kind));
        }
    }

    /// <summary>A form action without a request body to validate (publish, close, approve).</summary>
    public static Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> act, Func<FormErrors, int, Task<IResult>> again) =>
        RunAsync(http, (object?)null, _ => act(), again);
}
