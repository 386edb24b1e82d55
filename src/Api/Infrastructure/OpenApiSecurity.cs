using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Changai.Api.Infrastructure;

/// <summary>Describes the bearer token in the OpenAPI document so Swagger UI can send it.</summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "云南产业工人服务 API";
        document.Info.Description = "职工入会、培训报名、知识竞答与补贴申请。错误均以 application/problem+json 返回，含稳定的 code 字段。";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "微信登录或干部登录返回的 accessToken",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
