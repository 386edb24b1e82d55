using System.Globalization;
using FluentValidation;

namespace Changai.Api.Infrastructure;

public static class Validation
{
    /// <summary>Registers every validator in this assembly and makes FluentValidation's built-in messages Chinese.</summary>
    public static IServiceCollection AddRequestValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.LanguageManager.Culture = new CultureInfo("zh-CN");
        // A rule stops at its first failure: NotEmpty().Must(o => o.Count ...) never runs Must on the null it just refused.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        // Singletons, as before: validators hold no per-request state. Internal types too, so a validator's visibility
        // never decides whether its endpoint validates (the filter would fail to resolve it instead).
        return services.AddValidatorsFromAssembly(typeof(Validation).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
    }

    /// <summary>Runs the request's validator before the handler; a failure is a 400 ProblemDetails naming each field.</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>().ProducesProblem(StatusCodes.Status400BadRequest);

    private sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
            if (request is null)
            {
                return Problems.Create(400, "request.body_missing", "请求内容缺失");
            }

            var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
            if (result.IsValid)
            {
                return await next(context);
            }

            var errors = result.Errors
                .GroupBy(e => CamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
            return Problems.Validation(errors);
        }

        private static string CamelCase(string path) =>
            string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
    }
}
