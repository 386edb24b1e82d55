using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Changai.WeChat;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Changai.Api.Identity;

/// <summary>
/// wx.login code → code2Session → the worker identified by openid. The openid comes only from WeChat, never from the
/// client; the session_key is kept encrypted on the server and never returned.
/// </summary>
public static class WeChatLogin
{
    public sealed record Request(string Code);

    public sealed record Response(string AccessToken, string RefreshToken, int ExpiresIn, WorkerSummary Worker);

    public sealed record WorkerSummary(Guid Id, string? MaskedName, bool PhoneBound, bool IdentityComplete, bool IsNewUser);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(128).WithName("登录凭证");
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, WeChatClient wechat, AppDbContext db, FieldProtector protector, TokenIssuer tokens,
        LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        await throttle.CheckIpAsync(http);
        var (session, problem) = await WeChatProblems.Code2SessionAsync(wechat, request.Code, ct);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (db.IsPostgres)
        {
            return TypedResults.Ok(await LoginInOneStatementAsync(session, db, protector, tokens, now, ct));
        }

        var worker = await db.Workers.SingleOrDefaultAsync(w => w.OpenId == session.OpenId, ct);
        var isNew = worker is null;
        if (worker is null)
        {
            worker = new Worker { Id = Guid.CreateVersion7(), OpenId = session.OpenId, CreatedAt = now, UpdatedAt = now };
            db.Workers.Add(worker);
        }

        worker.SessionKeyCipher = protector.Protect(session.SessionKey);
        worker.WeChatUnionId = session.UnionId ?? worker.WeChatUnionId;
        worker.LastLoginAt = now;
        // The worker and their refresh token in one commit.
        var pair = tokens.AddForWorker(worker);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (isNew)
        {
            // The same user logged in twice at once: the other request created the row; use it.
            db.ChangeTracker.Clear();
            worker = await db.Workers.SingleAsync(w => w.OpenId == session.OpenId, ct);
            isNew = false;
            pair = await tokens.IssueForWorkerAsync(worker, ct);
        }

        return TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, Summary(worker, isNew)));
    }

    private static WorkerSummary Summary(Worker worker, bool isNew) =>
        new(worker.Id, Masking.Name(worker.RealName), worker.PhoneHash is not null, worker.HasCompleteIdentity, isNew);

    /// <summary>What the login statement returns of the worker it created or updated.</summary>
    private sealed record LoggedIn(Guid Id, string? RealName, string? IdNumberHash, string? PhoneHash, bool IsNew);

    // The worker created or updated by openid (ON CONFLICT: two logins of a new user at once cannot both create it) and the
    // refresh token's row, in one statement: one round trip and one commit, no read before the write. The columns are those
    // the EF path above writes; a new worker's id is the parameter, so the returned id tells a new worker from a known one.
    private const string LoginSql = """
        WITH w AS (
            INSERT INTO "Workers" AS x ("Id", "OpenId", "WeChatUnionId", "SessionKeyCipher", "CreatedAt", "LastLoginAt", "UpdatedAt", "IsEcologicalMigrant", "Version")
            VALUES (@id, @openId, @unionId, @sessionKey, @now, @now, @now, FALSE, 0)
            ON CONFLICT ("OpenId") DO UPDATE SET
                "SessionKeyCipher" = EXCLUDED."SessionKeyCipher",
                "WeChatUnionId" = COALESCE(EXCLUDED."WeChatUnionId", x."WeChatUnionId"),
                "LastLoginAt" = EXCLUDED."LastLoginAt",
                "Version" = x."Version" + 1
            RETURNING x."Id", x."RealName", x."IdNumberHash", x."PhoneHash", x."Id" = @id AS "IsNew"),
        r AS (
            INSERT INTO "RefreshTokens" ("Id", "FamilyId", "SubjectType", "SubjectId", "TokenHash", "CreatedAt", "ExpiresAt")
            SELECT @refreshId, @familyId, @subjectType, w."Id", @tokenHash, @now, @expiresAt FROM w)
        SELECT "Id", "RealName", "IdNumberHash", "PhoneHash", "IsNew" FROM w
        """;

    private static async Task<Response> LoginInOneStatementAsync(
        Code2SessionResult session, AppDbContext db, FieldProtector protector, TokenIssuer tokens, DateTime now, CancellationToken ct)
    {
        var refresh = tokens.NewRefreshToken(now);
        var rows = await db.Database.SqlQueryRaw<LoggedIn>(LoginSql,
            new NpgsqlParameter("id", Guid.CreateVersion7()),
            new NpgsqlParameter("openId", session.OpenId),
            new NpgsqlParameter("unionId", (object?)session.UnionId ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            new NpgsqlParameter("sessionKey", protector.Protect(session.SessionKey)),
            new NpgsqlParameter("now", now),
            new NpgsqlParameter("refreshId", Guid.CreateVersion7()),
            new NpgsqlParameter("familyId", Guid.CreateVersion7()),
            new NpgsqlParameter("subjectType", nameof(SubjectType.Worker)),
            new NpgsqlParameter("tokenHash", refresh.Hash),
            new NpgsqlParameter("expiresAt", refresh.ExpiresAt)).ToListAsync(ct);
        var row = rows.Single();
        var worker = new Worker { Id = row.Id, OpenId = session.OpenId, RealName = row.RealName, IdNumberHash = row.IdNumberHash, PhoneHash = row.PhoneHash };
        var pair = tokens.WorkerPair(worker.Id, refresh, now);
        return new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, Summary(worker, row.IsNew));
    }
}

/// <summary>How WeChat's error codes reach our users.</summary>
public static class WeChatProblems
{
    /// <summary>Exchanges a wx.login code; a WeChat error becomes the ProblemDetails the user should see.</summary>
    public static async Task<(Code2SessionResult Session, ProblemHttpResult? Problem)> Code2SessionAsync(WeChatClient wechat, string code, CancellationToken ct)
    {
        try
        {
            return (await wechat.Code2SessionAsync(code, ct), null);
        }
        catch (WeChatApiException e)
        {
            return (null!, ForLogin(e));
        }
        catch (WeChatTransportException)
        {
            return (null!, Unavailable());
        }
    }

    public static ProblemHttpResult ForLogin(WeChatApiException e) => e.ErrCode switch
    {
        WeChatErrorCodes.InvalidCode or WeChatErrorCodes.CodeAlreadyUsed =>
            Problems.Create(400, "auth.invalid_code", "登录凭证无效或已过期，请重新进入小程序"),
        40226 => Problems.Create(403, "auth.wechat_blocked", "微信判定当前账号存在风险，暂时无法登录"),
        45011 => Problems.Create(429, "auth.rate_limited", "登录过于频繁，请稍后再试"),
        _ => Unavailable(),
    };

    public static ProblemHttpResult Unavailable() => Problems.Create(503, "wechat.unavailable", "微信服务暂时不可用，请稍后重试");
}
