using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Telemetry;

/// <summary>
/// Serves the Prometheus scrape at <see cref="MetricsOptions.Path"/>, ahead of the rest of the pipeline (a startup
/// filter, so a host needs no second line), to loopback callers or to a bearer of <see cref="MetricsOptions.Token"/>.
/// Anyone else gets 401 (a token is configured) or 404 (none is: the endpoint is not there for them) as ProblemDetails.
/// </summary>
/// <remarks>
/// A request that came through a proxy is never "loopback": nginx on the same machine connects from 127.0.0.1 and names
/// the real client in X-Forwarded-For, so any forwarding header makes the caller remote. This runs before
/// UseForwardedHeaders, which would otherwise have replaced the address already.
/// </remarks>
internal sealed class MetricsEndpoint(IOptions<MetricsOptions> options) : IStartupFilter
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Original-For", "X-Real-IP"];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var settings = options.Value;
        var path = new PathString(settings.Path);
        var token = string.IsNullOrEmpty(settings.Token) ? null : Encoding.UTF8.GetBytes(settings.Token);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase),
            path: null,
            configureBranchedPipeline: branch => branch.Use((context, nextInBranch) => IsAllowed(context, token) ? nextInBranch(context) : RefuseAsync(context, token)),
            optionsName: null);
        next(app);
    };

    internal static bool IsAllowed(HttpContext context, byte[]? token) => IsLocal(context) || HasToken(context, token);

    private static bool IsLocal(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null || ForwardingHeaders.Any(context.Request.Headers.ContainsKey))
        {
            return false;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static bool HasToken(HttpContext context, byte[]? token)
    {
        const string Scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        if (token is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), token);
    }

    private static Task RefuseAsync(HttpContext context, byte[]? token)
    {
        if (token is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "未找到相关内容", detail: "您访问的内容不存在或已被删除",
                extensions: new Dictionary<string, object?> { ["code"] = "resource.not_found" }).ExecuteAsync(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized, title: "未登录或登录已过期", detail: "读取运行指标需要本机访问或有效的 Metrics:Token",
            extensions: new Dictionary<string, object?> { ["code"] = "metrics.unauthorized" }).ExecuteAsync(context);
    }
}
