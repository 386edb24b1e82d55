using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Changai.Api.Infrastructure;

/// <summary>
/// A request body binds to its record exactly as the record is declared, for every endpoint: a constructor parameter
/// whose type is not nullable must be present and not null, or deserialization fails and the client gets a 400 naming
/// the field. Without this a missing <c>optionIds</c> or <c>startsAt</c> reached the handler as null or
/// <c>DateTimeOffset.MinValue</c> and ended as a 500 — or worse, passed. A field that is genuinely optional is declared
/// nullable (<c>string? Note</c>, <c>DateTimeOffset? EnrollmentOpensAt</c>).
/// </summary>
public static partial class RequestBinding
{
    public static IServiceCollection AddStrictRequestBinding(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            // null for a non-nullable member is refused (also for properties outside constructors).
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(RequireNonNullableConstructorParameters);
        });

        // Minimal APIs answer a body that does not bind with a bare 400 outside Development unless they throw; throwing
        // sends it through ProblemExceptionHandler, so the answer names the field in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// STJ's own <c>RespectRequiredConstructorParameters</c> would also make <c>string? Note</c> required (present, even
    /// if null), which the mini-program does not send; "required" here means "declared non-nullable, no default".
    /// </summary>
    private static void RequireNonNullableConstructorParameters(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
            {
                property.IsRequired = true;
            }
        }
    }

    /// <summary>
    /// Describes a body that did not bind: which field, in Chinese, and whether it was missing (or null) or of the wrong
    /// JSON type. The Chinese field names come from the request's validator (<c>WithName("选项")</c>) where it names them.
    /// </summary>
    public static (string Code, string Detail, Dictionary<string, string[]>? Errors) Describe(HttpContext context, JsonException json)
    {
        // The exception handler clears the endpoint before it runs; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var path = CamelPath(json.Path);
        var missing = MissingProperties().Match(json.Message);
        if (missing.Success)
        {
            var prefix = path.Length == 0 ? "" : path + ".";
            var errors = missing.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => prefix + n.Trim('\''))
                .ToDictionary(field => field, field => new[] { Fill(DisplayName(context, requestType, field)) });
            return ("validation.failed", errors.First().Value[0], errors);
        }

        if (path.Length == 0)
        {
            return ("request.invalid_json", "提交的数据格式不正确", null);
        }

        var name = DisplayName(context, requestType, path);
        return NullNotAllowed().IsMatch(json.Message)
            ? ("validation.failed", Fill(name), new() { [path] = [Fill(name)] })
            : ("request.invalid_json", BadFormat(name), new() { [path] = [BadFormat(name)] });
    }

    /// <summary><c>$.answers[0].OptionIds</c> → <c>answers[0].optionIds</c>, as the client wrote it.</summary>
    private static string CamelPath(string? jsonPath)
    {
        var path = (jsonPath ?? "").TrimStart('$').TrimStart('.');
        return string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
    }

    private static string DisplayName(HttpContext context, Type? requestType, string field)
    {
        if (requestType is not null && !field.Contains('.') && !field.Contains('[')
            && context.RequestServices.GetService(typeof(IValidator<>).MakeGenericType(requestType)) is IValidator validator)
        {
            var member = char.ToUpperInvariant(field[0]) + field[1..];
            var rule = validator.CreateDescriptor().GetRulesForMember(member).FirstOrDefault();
            var display = rule?.GetDisplayName(null!);
            if (display is not null && ChineseText().IsMatch(display))
            {
                return display;
            }
        }

        return field;
    }

    // A Latin field name gets a space beside Chinese text: "请填写 answers[0].optionIds".
    private static string Fill(string name) => ChineseText().IsMatch(name) ? $"请填写{name}" : $"请填写 {name}";

    private static string BadFormat(string name) => ChineseText().IsMatch(name) ? $"{name}的格式不正确" : $"{name} 的格式不正确";

    // System.Text.Json's wording (SR.JsonRequiredPropertiesMissing, SR.ConstructorParamIncompleteBinding / null rejection);
    // if it ever changes, the answer is still a 400, only less specific — a test pins the wording.
    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$", RegexOptions.Singleline)]
    private static partial Regex MissingProperties();

    [GeneratedRegex("doesn't allow (setting )?null values", RegexOptions.IgnoreCase)]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("\\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseText();
}
