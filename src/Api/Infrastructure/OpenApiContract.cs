using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Changai.Api.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Makes the OpenAPI document tell the truth, by one rule each rather than by hand on every endpoint: every schema has a
/// name of its own, and every operation documents the errors it can answer, as the shared <c>Problem</c> schema
/// (<c>application/problem+json</c> with <c>code</c>). tests/fuzz checks the document against what the API answers.
/// </summary>
public static class OpenApiContract
{
    public const string ProblemSchema = "Problem";

    /// <summary>Top-level names used in more than one feature (Training.UnionRef, Subsidies.UnionRef) get the feature's name.</summary>
    private static readonly Lazy<HashSet<string>> SharedTopLevelNames = new(() =>
        typeof(OpenApiContract).Assembly.GetTypes().Concat(typeof(Changai.Domain.Common.DomainException).Assembly.GetTypes())
            .Where(t => t.IsPublic)
            .GroupBy(t => t.Name)
            .Where(g => g.Select(t => t.Namespace).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal));

    public static OpenApiOptions AddChangaiContract(this OpenApiOptions options)
    {
        options.CreateSchemaReferenceId = SchemaId;
        options.AddDocumentTransformer<OpenApiSecurity>();
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem();
            NullOutOfSharedEnums(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(OmittedWhenNullIsNotRequired);
        options.AddOperationTransformer(DocumentErrors);
        options.AddOperationTransformer(DocumentFiles);
        return options;
    }

    /// <summary>
    /// The default id is the bare type name, so nested records such as <c>Inbox.Response</c> and <c>GetProfile.Response</c>
    /// shared one schema and each endpoint documented another's fields. Nested types are named after the types that hold
    /// them (<c>InboxResponse</c>), generic ones after their arguments (<c>PagedResultOfSearchUnionsItem</c>).
    /// </summary>
    public static string? SchemaId(JsonTypeInfo type) =>
        OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : NameOf(type.Type);

    /// <summary>The schema name of a type (public so a test can check that no two types share one).</summary>
    public static string NameOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return NameOf(type.GetElementType()!) + "Array";
        }

        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(NameOf))
            : type.Name;
        if (type.DeclaringType is { } outer)
        {
            return NameOf(outer) + name;
        }

        return SharedTopLevelNames.Value.Contains(type.Name) ? type.Namespace?.Split('.')[^1] + name : name;
    }

    /// <summary>
    /// A nullable enum property is written <c>oneOf: [{type: null}, {$ref: SkillLevel}]</c>, and the shared enum schema
    /// also lists null when its first use was nullable: then null matches both branches and no client can validate it.
    /// Nullability belongs to the property; the enum lists only its values.
    /// </summary>
    private static void NullOutOfSharedEnums(OpenApiDocument document)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null))
            {
                schema.Enum = values.Where(v => v is not null).ToList();
                if (schema.Type is { } type)
                {
                    schema.Type = type & ~JsonSchemaType.Null;
                }
            }
        }
    }

    /// <summary>A property left out when null (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>) is not required.</summary>
    private static Task OmittedWhenNullIsNotRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault)
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A file download declared with <c>.Produces(200, contentType: "text/csv")</c> has no body type, so the document
    /// showed the status without content; it gets its media types, each a binary string.
    /// </summary>
    private static Task DocumentFiles(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var produces in context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>())
        {
            if (produces.Type is not null && produces.Type != typeof(void) || !produces.ContentTypes.Any()
                || operation.Responses?.TryGetValue(produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) != true
                || response is not OpenApiResponse file)
            {
                continue;
            }

            file.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in produces.ContentTypes)
            {
                file.Content.TryAdd(type, new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Statuses by what the endpoint is, as <see cref="ProblemExceptionHandler"/> and the framework answer them: 401, 403
    /// and 404 where it needs a login; 400 where it reads parameters; for any change also 400, 401/403 (the logins), 404,
    /// 409 (concurrency), 413/415 (the body), 422 (domain rules, idempotency keys); 404 where a path names a record; 429
    /// where the login throttle runs; 503 everywhere (database unavailable). Statuses an endpoint declares itself stay.
    /// </summary>
    private static Task DocumentErrors(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var needsLogin = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var changes = !HttpMethods.IsGet(method);
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        var statuses = new SortedSet<int> { 503 };
        if (needsLogin)
        {
            // 403: the wrong role, or another branch's record; 404: the worker's own record may not exist yet (no card).
            statuses.UnionWith([401, 403, 404]);
        }

        if (description.ParameterDescriptions.Count > 0 || changes)
        {
            statuses.Add(400);
        }

        if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
        {
            statuses.Add(404);
        }

        if (changes)
        {
            // Anonymous changes are the logins and token refresh: wrong credentials (401), a locked account (403).
            statuses.UnionWith([401, 403, 404, 409, 413, 415, 422]);
        }

        if (handler?.GetParameters().Any(p => p.ParameterType == typeof(LoginThrottle)) == true)
        {
            statuses.Add(429);
        }

        operation.Responses ??= new OpenApiResponses();
        // Errors declared on the endpoint (ProducesProblem) keep their status but get the shared schema.
        foreach (var key in operation.Responses.Keys.ToList())
        {
            if (int.TryParse(key, out var status) && status >= 400)
            {
                statuses.Add(status);
            }
        }

        foreach (var status in statuses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = Problems.TitleFor(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>What <see cref="Problems"/> writes: RFC 9457 fields, a zh-CN title, the stable code, errors per field.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "错误（RFC 9457 ProblemDetails）：title/detail 为中文，code 为稳定的错误码，校验错误时 errors 按字段列出",
        Required = new HashSet<string> { "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "稳定的错误码，如 membership.already_member" },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "按字段（camelCase 路径）列出的中文错误",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
