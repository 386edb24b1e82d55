using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.WeChat;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Identity;

/// <summary>An officer logged in with their account binds the WeChat of the phone they hold, to get reminders there.</summary>
public static class BindOfficerWeChat
{
    public sealed record Request(string Code);

    public sealed record Response(bool Bound);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(128).WithName("登录凭证");
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, AppDbContext db, WeChatClient wechat, CancellationToken ct)
    {
        var (session, problem) = await WeChatProblems.Code2SessionAsync(wechat, request.Code, ct);
        if (problem is not null)
        {
            return problem;
        }

        var officerId = http.User.UserId();
        await db.Officers.Where(o => o.Id == officerId).ExecuteUpdateAsync(s => s.SetProperty(o => o.WeChatOpenId, session.OpenId), ct);
        return TypedResults.Ok(new Response(true));
    }
}
