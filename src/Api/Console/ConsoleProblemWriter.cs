using Changai.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// Errors under <c>/console</c> as the console's zh-CN pages, not JSON: whatever writes a ProblemDetails there (the exception
/// handler, status code pages for a request no endpoint answered) gets this writer first. The API keeps its ProblemDetails.
/// </summary>
public sealed class ConsoleProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ConsoleSetup.IsConsolePath(context.HttpContext.Request.Path);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        ConsolePageFilter.SetHeaders(http);
        await ConsoleErrors.Page(status, context.ProblemDetails.Detail).ExecuteAsync(http);
    }
}

/// <summary>The console's error pages: the title and, when the cause gave none, a message an officer can act on.</summary>
public static class ConsoleErrors
{
    public static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult NotFound() => Page(StatusCodes.Status404NotFound, null);

    public static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Page(int status, string? detail) => status switch
    {
        StatusCodes.Status404NotFound => ConsolePages.Error(status, "页面不存在",
            detail ?? "您要打开的页面不存在，或不在您的管辖范围内。请检查链接，或从左侧菜单进入。"),
        _ => ConsolePages.Error(status, Problems.TitleFor(status), detail ?? "请求未能完成，请返回后重试。"),
    };
}
