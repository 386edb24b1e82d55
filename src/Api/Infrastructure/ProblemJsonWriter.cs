using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Writes every ProblemDetails as <c>application/problem+json</c>, whatever the request's Accept header says.
/// The framework's writer declines when Accept names no JSON type (a browser's <c>text/html</c>, <c>text/plain</c>): the
/// status-code pages then answered <c>text/plain</c> "Status Code: 401", a bad body got an empty 400, and a 404 thrown by
/// a handler became a 500 because the exception handler could not write its answer. The API speaks only JSON.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        context.ProblemDetails.Status ??= response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}

public static class ProblemJson
{
    /// <summary>Registers <see cref="ProblemJsonWriter"/> ahead of the framework's writer (the first that can write wins).</summary>
    public static IServiceCollection AddProblemJsonWriter(this IServiceCollection services) =>
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
}
