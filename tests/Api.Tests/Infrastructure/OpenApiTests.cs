using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Infrastructure;

public sealed class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document_with_its_method()
    {
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        var missing = new List<string>();
        foreach (var endpoint in api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)))
        {
            // The document strips route constraints ("{id:guid}" → "{id}").
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, @"\{(\w+):[^}]+\}", "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                if (paths[path]?[method.ToLowerInvariant()] is null)
                {
                    missing.Add($"{method} {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Not documented: " + string.Join(", ", missing));
        Assert.Null(paths["/wechat-sim/sns/jscode2session"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["Bearer"]);
    }
}
