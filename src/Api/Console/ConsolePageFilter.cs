using Changai.Api.Infrastructure;
using Changai.Domain.Common;
using Microsoft.AspNetCore.Antiforgery;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// Every console response: security headers (nothing from outside the server, no framing, no caching of personal data), a
/// refused anti-forgery token as a page, and a broken rule (<see cref="DomainException"/>) as a zh-CN page with its status.
/// </summary>
public sealed class ConsolePageFilter : IEndpointFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        SetHeaders(http);
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return ConsolePages.Error(StatusCodes.Status400BadRequest, "页面已过期", "该页面打开时间过长或已在别处退出登录，请返回刷新页面后重新操作。");
        }

        try
        {
            return await next(context);
        }
        catch (DomainException e)
        {
            var status = Problems.StatusOf(e.Kind);
            return ConsolePages.Error(status, Problems.TitleFor(status), e.Message);
        }
    }

    public static void SetHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }
    }
}
