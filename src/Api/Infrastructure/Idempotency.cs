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
            // A new key is the common case: claim it with one INSERT and read the earlier record only when the key is taken.
            var record = new IdempotencyRecord { Id = Guid.CreateVersion7(), SubjectId = subjectId, Key = key, RequestHash = requestHash, CreatedAt = now };
            for (var claim = 0; !await TryClaimAsync(db, record, http.RequestAborted); claim++)
            {
                var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.SubjectId == subjectId && r.Key == key, http.RequestAborted);
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

                    await db.IdempotencyRecords.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(http.RequestAborted);
                }

                if (claim > 0)
                {
                    // Taken again by a copy of this request sent at the same moment.
                    return Problems.Conflict("idempotency.in_progress", "相同的提交正在处理中，请稍候");
                }
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

            // A handler that may answer in several ways returns Results<...>: what was answered is inside it.
            var answered = result is INestedHttpResult nested ? nested.Result : result;
            if (answered is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
            {
                record.StatusCode = success.StatusCode.Value;
                record.ResponseContentType = "application/json; charset=utf-8";
                record.ResponseBody = answered is IValueHttpResult { Value: { } value }
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

        /// <summary>Inserts the record; false when the subject already has a record with this key.</summary>
        private static async Task<bool> TryClaimAsync(AppDbContext db, IdempotencyRecord record, CancellationToken ct)
        {
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return false;
            }
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
