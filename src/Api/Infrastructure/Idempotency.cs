using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Caching;
using Changai.Domain.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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

    private sealed class Filter(IServiceProvider services, TimeProvider time, IOptions<JsonOptions> json, ILogger<Filter> logger) : IEndpointFilter
    {
        private readonly ConnectionMultiplexer? redis = services.GetService<ConnectionMultiplexer>();

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

            var claim = new Claim(http.User.UserId(), key, HashRequest(http, context.Arguments), time.GetUtcNow().UtcDateTime);
            await using var store = await ClaimAsync(claim, http.RequestAborted);
            if (store.Earlier is { } earlier)
            {
                if (earlier.RequestHash != claim.RequestHash)
                {
                    return Problems.Create(422, "idempotency.key_reused", "该 Idempotency-Key 已用于另一项提交");
                }

                if (earlier.StatusCode != 0)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                    return Results.Content(earlier.ResponseBody, ContentType, Encoding.UTF8, earlier.StatusCode);
                }

                return Problems.Conflict("idempotency.in_progress", "相同的提交正在处理中，请稍候");
            }

            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await store.ForgetAsync();
                throw;
            }

            // A handler that may answer in several ways returns Results<...>: what was answered is inside it.
            var answered = result is INestedHttpResult nested ? nested.Result : result;
            if (answered is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
            {
                await store.CompleteAsync(success.StatusCode.Value, answered is IValueHttpResult { Value: { } value }
                    ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions)
                    : "");
            }
            else
            {
                await store.ForgetAsync();
            }

            return result;
        }

        /// <summary>
        /// Claims the key in Redis when it is configured (two round trips per request and no database write), else, or while
        /// Redis cannot be reached, in the database. <see cref="Store.Earlier"/> is set when the key was not claimed.
        /// </summary>
        private async Task<Store> ClaimAsync(Claim claim, CancellationToken ct)
        {
            if (redis is not null)
            {
                var store = new RedisStore(redis, services, claim);
                try
                {
                    await store.ClaimAsync(ct);
                    return store;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    logger.LogWarning("Redis unavailable for idempotency records ({Error}); using the database", e.GetType().Name);
                }
            }

            var database = new DatabaseStore(services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope(), claim);
            await database.ClaimAsync(ct);
            return database;
        }

        private string HashRequest(HttpContext http, IList<object?> arguments)
        {
            var payload = arguments.Where(a => a is not null && a.GetType().Namespace?.StartsWith("Changai.Api", StringComparison.Ordinal) == true)
                .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json.Value.SerializerOptions));
            var text = http.Request.Method + " " + http.Request.Path + "\n" + string.Join("\n", payload);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }

    private const string ContentType = "application/json; charset=utf-8";

    private sealed record Claim(Guid SubjectId, string Key, string RequestHash, DateTime At);

    /// <summary>What an earlier request with the key left: its answer (<see cref="StatusCode"/> 0 while still in progress).</summary>
    private sealed record Earlier(string RequestHash, int StatusCode, string? ResponseBody, DateTime CreatedAt);

    /// <summary>Where this request's claim on its key is kept; <see cref="Earlier"/> is set when an earlier request holds it.</summary>
    private abstract class Store : IAsyncDisposable
    {
        public Earlier? Earlier { get; protected set; }

        public abstract Task CompleteAsync(int statusCode, string body);

        public abstract Task ForgetAsync();

        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// One Redis string per subject and key. The claim (SET NX) expires by itself after <see cref="AbandonedAfter"/>, as the
    /// database's in-progress record is taken over after it: a request whose process died leaves "in progress" for a
    /// minute, never a doubled submission for a retry within it. The answer is kept as long as the database would keep it
    /// (<see cref="RetentionOptions.IdempotencyHours"/>).
    /// </summary>
    private sealed class RedisStore(ConnectionMultiplexer redis, IServiceProvider services, Claim claim) : Store
    {
        private readonly RedisKey key = $"{services.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix}:idempotency:{claim.SubjectId:N}:{claim.Key}";

        public async Task ClaimAsync(CancellationToken ct)
        {
            var db = redis.GetDatabase();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                if (await db.StringSetAsync(key, Format(0, claim.At, claim.RequestHash, null), AbandonedAfter, When.NotExists))
                {
                    return;
                }

                if (Parse(await db.StringGetAsync(key)) is { } earlier)
                {
                    Earlier = earlier;
                    return;
                }
            }

            // Gone and taken again between our two looks: a copy of this request sent at the same moment holds it.
            Earlier = new Earlier(claim.RequestHash, 0, null, claim.At);
        }

        public override async Task CompleteAsync(int statusCode, string body)
        {
            var keep = TimeSpan.FromHours(services.GetRequiredService<IOptions<RetentionOptions>>().Value.IdempotencyHours);
            await WithoutRedisErrorsAsync(db => db.StringSetAsync(key, Format(statusCode, claim.At, claim.RequestHash, body), keep));
        }

        public override Task ForgetAsync() => WithoutRedisErrorsAsync(db => db.KeyDeleteAsync(key));

        // The submission itself is done: if Redis fails now, its claim lapses after AbandonedAfter, as if this process had died.
        private async Task WithoutRedisErrorsAsync(Func<IDatabase, Task<bool>> write)
        {
            try
            {
                await write(redis.GetDatabase());
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                services.GetRequiredService<ILogger<RedisStore>>().LogWarning("Redis unavailable while keeping an idempotent answer ({Error})", e.GetType().Name);
            }
        }

        // status, ticks, hash, body: the body last, as it may hold anything.
        private static string Format(int statusCode, DateTime at, string hash, string? body) =>
            FormattableString.Invariant($"{statusCode}\n{at.Ticks}\n{hash}\n{body}");

        private static Earlier? Parse(RedisValue value)
        {
            if (value.IsNull)
            {
                return null;
            }

            var parts = ((string)value!).Split('\n', 4);
            var statusCode = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return new Earlier(parts[2], statusCode, statusCode == 0 ? null : parts[3], new DateTime(long.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }
    }

    /// <summary>
    /// The <see cref="IdempotencyRecord"/> table: a new key is claimed with one INSERT (the earlier record is read only when the
    /// key is taken), the answer written with an UPDATE; an in-progress record older than <see cref="AbandonedAfter"/> is
    /// taken over.
    /// </summary>
    private sealed class DatabaseStore(AsyncServiceScope scope, Claim claim) : Store
    {
        private readonly AppDbContext db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        private readonly IdempotencyRecord record = new()
        {
            Id = Guid.CreateVersion7(), SubjectId = claim.SubjectId, Key = claim.Key, RequestHash = claim.RequestHash, CreatedAt = claim.At,
        };

        public async Task ClaimAsync(CancellationToken ct)
        {
            for (var attempt = 0; !await TryInsertAsync(ct); attempt++)
            {
                var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.SubjectId == claim.SubjectId && r.Key == claim.Key, ct);
                if (existing is not null)
                {
                    if (existing.RequestHash != claim.RequestHash || existing.StatusCode != 0 || claim.At - existing.CreatedAt < AbandonedAfter)
                    {
                        Earlier = new Earlier(existing.RequestHash, existing.StatusCode, existing.ResponseBody, existing.CreatedAt);
                        return;
                    }

                    await db.IdempotencyRecords.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(ct);
                }

                if (attempt > 0)
                {
                    // Taken again by a copy of this request sent at the same moment.
                    Earlier = new Earlier(claim.RequestHash, 0, null, claim.At);
                    return;
                }
            }
        }

        public override async Task CompleteAsync(int statusCode, string body)
        {
            record.StatusCode = statusCode;
            record.ResponseContentType = ContentType;
            record.ResponseBody = body;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        public override async Task ForgetAsync()
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        public override ValueTask DisposeAsync() => scope.DisposeAsync();

        /// <summary>Inserts the record; false when the subject already has a record with this key.</summary>
        private async Task<bool> TryInsertAsync(CancellationToken ct)
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
    }
}
