namespace Changai.Api.Infrastructure;

/// <summary>
/// Every answer under <c>/api</c> and <c>/console</c> is <c>Cache-Control: no-store</c> (and <c>Pragma: no-cache</c> for old
/// proxies): nearly all of them carry personal data — a profile, an application, a revealed ID number — and no browser,
/// WeChat web view or proxy may keep a copy. One rule for all rather than a list of personal endpoints that a new one
/// could be left out of. An endpoint that is public and meant to be cached (the console's stylesheet) sets its own
/// <c>Cache-Control</c>, which is kept.
/// </summary>
public sealed class NoStore(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/console"))
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (!headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    }
}
