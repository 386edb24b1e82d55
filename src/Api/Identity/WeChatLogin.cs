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

        var summary = new WorkerSummary(worker.Id, Masking.Name(worker.RealName), worker.PhoneHash is not null, worker.HasCompleteIdentity, isNew);
        return TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, summary));
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
