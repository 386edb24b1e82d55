using System.Data.Common;
using System.Text.Json;
using Changai.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Every error is an RFC 9457 ProblemDetails with a zh-CN title and detail a worker can read and a stable <c>code</c>
/// extension the client can branch on.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: TitleFor(status), extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string code, string detail) => Create(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, "validation.failed", errors.First().Value.First(), errors);

    /// <summary>The one mapping of a broken rule's kind to its HTTP status, for the API's ProblemDetails and the console's pages.</summary>
    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.BadRequest => 400,
        DomainErrorKind.Forbidden => 403,
        DomainErrorKind.NotFound => 404,
        DomainErrorKind.Conflict => 409,
        _ => 422,
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "提交的信息有误",
        401 => "未登录或登录已过期",
        403 => "没有权限进行此操作",
        404 => "未找到相关内容",
        405 => "不支持该请求方式",
        409 => "操作冲突",
        413 => "提交的内容过大",
        415 => "不支持的内容格式",
        422 => "暂时无法办理",
        429 => "操作过于频繁",
        503 => "服务暂时不可用",
        _ when status >= 500 => "服务器开小差了",
        _ => "请求未能完成",
    };

    public static string DefaultCodeFor(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.unauthenticated",
        403 => "auth.forbidden",
        404 => "resource.not_found",
        405 => "request.method_not_allowed",
        409 => "request.conflict",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        429 => "request.rate_limited",
        503 => "service.unavailable",
        _ when status >= 500 => "server.error",
        _ => "request.failed",
    };

    public static string DefaultDetailFor(int status) => status switch
    {
        401 => "请先登录后再操作",
        403 => "您没有权限访问该内容",
        404 => "您访问的内容不存在或已被删除",
        405 => "不支持该请求方式",
        413 => "提交的内容超过了大小限制",
        415 => "请以 JSON 格式提交",
        503 => "服务暂时不可用，请稍后重试",
        _ when status >= 500 => "服务器处理请求时出错，请稍后重试",
        _ => TitleFor(status),
    };

    /// <summary>Fills in the Chinese title, a detail and a code for problems produced by the framework (401, 403, 404, 405 …).</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Title = TitleFor(status);
        problem.Detail ??= DefaultDetailFor(status);
        problem.Extensions.TryAdd("code", DefaultCodeFor(status));
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        problem.Type = null;
    }
}

/// <summary>Maps exceptions to ProblemDetails: rule violations, conflicts, malformed requests, an unreachable database.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail, errors) = Classify(context, exception);
        if (status >= 500)
        {
            // Exception messages can carry SQL or values; log the type and stack only through the standard pipeline.
            logger.LogError(exception, "Unhandled {ExceptionType} on {Path}", exception.GetType().Name, context.Request.Path.Value);
        }

        context.Response.StatusCode = status;
        if (exception is RateLimiting.RateLimitedException limited)
        {
            context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status == 503)
        {
            context.Response.Headers.RetryAfter = "2";
        }

        var problem = new ProblemDetails { Status = status, Title = Problems.TitleFor(status), Detail = detail };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Code, string Detail, Dictionary<string, string[]>? Errors) Classify(HttpContext context, Exception exception) => exception switch
    {
        DomainException e => (Problems.StatusOf(e.Kind), e.Code, e.Message, null),
        RateLimiting.RateLimitedException e => (429, "auth.rate_limited", e.Message, null),
        DbUpdateConcurrencyException => (409, "concurrency.conflict", "该记录已被他人处理，请刷新后重试", null),
        BadHttpRequestException { StatusCode: 413 } => (413, "request.too_large", "提交的内容超过了大小限制", null),
        BadHttpRequestException { InnerException: JsonException json } => Describe(context, json),
        BadHttpRequestException e when IsMissingBody(e) => (400, "request.body_missing", "请求内容缺失", null),
        BadHttpRequestException e when e.Message.Contains("JSON", StringComparison.Ordinal) => (400, "request.invalid_json", "提交的数据格式不正确", null),
        BadHttpRequestException e => (e.StatusCode, "request.invalid", "请求参数不正确", null),
        JsonException json => Describe(context, json),
        DbException or TimeoutException or InvalidOperationException { InnerException: DbException } => (503, "service.unavailable", "服务暂时不可用，请稍后重试", null),
        _ when IsDatabaseUnavailable(exception) => (503, "service.unavailable", "服务暂时不可用，请稍后重试", null),
        _ => (500, "server.error", "服务器处理请求时出错，请稍后重试", null),
    };

    /// <summary>
    /// The database is down, restarting or overloaded, as wrapped by EF Core (its execution strategy, its update pipeline):
    /// a connection refused, a command timed out (a lock queue longer than the command timeout), a server shutting down.
    /// A constraint violation is not transient and stays a 500 — it is a bug to fix, not a moment to wait out.
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    // Minimal APIs say "Required parameter ... was not provided from body" or "... but no body was provided".
    private static bool IsMissingBody(BadHttpRequestException e) =>
        e.Message.Contains("not provided", StringComparison.Ordinal) || e.Message.Contains("no body", StringComparison.Ordinal);

    /// <summary>Names the field that was missing, null or of the wrong type (<see cref="RequestBinding"/>).</summary>
    private static (int, string, string, Dictionary<string, string[]>?) Describe(HttpContext context, JsonException json)
    {
        var (code, detail, errors) = RequestBinding.Describe(context, json);
        return (400, code, detail, errors);
    }
}
