using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changai.Api.Identity;

public static class RefreshSession
{
    public sealed record Request(string RefreshToken);

    public sealed record Response(string AccessToken, string RefreshToken, int ExpiresIn);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(200).WithName("刷新令牌");
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(Request request, TokenIssuer tokens, CancellationToken ct)
    {
        var pair = await tokens.RotateAsync(request.RefreshToken, ct);
        return pair is null
            ? Problems.Create(401, "auth.refresh_invalid", "登录已失效，请重新登录")
            : TypedResults.Ok(new Response(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn));
    }
}

public static class Logout
{
    public static async Task<NoContent> Handle(RefreshSession.Request request, HttpContext http, TokenIssuer tokens, CancellationToken ct)
    {
        await tokens.RevokeAsync(request.RefreshToken, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }
}
