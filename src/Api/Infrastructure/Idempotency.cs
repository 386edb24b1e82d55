using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Submissions made with an <c>Idempotency-Key</c> header are done once: a retry with the same key and the same request
/// gets the first answer again (header <c>Idempotent-Replayed: true</c>); the same key with another request is refused.
/// Only successful answers are kept, so a request that failed can be corrected and sent again.
/// </summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) => builder.AddEndpointFilter<Filter>();

    private sealed class Filter(IServiceScopeFactory scopes, TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[HeaderName].ToString();
            if (string.IsNullOrEmpty(key) || http.User.Identity?.IsAuthenticated != true)
            {
                return await next(context);
            }

            if (key.Length > 100)
            {
                return Problems.Create(400, "idempotency.key_invalid", "Idempotency-Key 过长（最多 100 个字符）");
            }

            var subjectId = http.User.UserId();
            var requestHash = HashRequest(http, context.Arguments);
            var now = time.GetUtcNow().UtcDateTime;

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var existing = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.SubjectId == subjectId && r.Key == key, http.RequestAborted);
            if (existing is not null)
            {
                if (existing.RequestHash != requestHash)
                {
                    return Problems.Create(422, "idempotency.key_reused", "该 Idempotency-Key 已用于另一项提交");
                }

                if (existing.StatusCode != 0)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                    return Results.Content(existing.ResponseBody, existing.ResponseContentType, Encoding.UTF8, existing.StatusCode);
                }

                if (now - existing.CreatedAt < AbandonedAfter)
                {
                    return Problems.Conflict("idempotency.in_progress", "相同的提交正在处理中，请稍候");
                }

                db.IdempotencyRecords.Remove(existing);
                await db.SaveChangesAsync(http.RequestAborted);
            }

            var record = new IdempotencyRecord { Id = Guid.CreateVersion7(), SubjectId = subjectId, Key = key, RequestHash = requestHash, CreatedAt = now };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException)
            {
                return Problems.Conflict("idempotency.in_progress", "相同的提交正在处理中，请稍候");
            }

            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await Forget(db, record);
                throw;
            }

            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
            {
                record.StatusCode = success.StatusCode.Value;
                record.ResponseContentType = "application/json; charset=utf-8";
                record.ResponseBody = result is IValueHttpResult { Value: { } value }
                    ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions)
                    : "";
                await db.SaveChangesAsync(CancellationToken.None);
            }
            else
            {
                await Forget(db, record);
            }

            return result;
        }

        private static async Task Forget(AppDbContext db, IdempotencyRecord record)
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        private string HashRequest(HttpContext http, IList<object?> arguments)
        {
            var payload = arguments.Where(a => a is not null && a.GetType().Namespace?.StartsWith("Changai.Api", StringComparison.Ordinal) == true)
                .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json.Value.SerializerOptions));
            var text = http.Request.Method + " " + http.Request.Path + "\n" + string.Join("\n", payload);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }
}
