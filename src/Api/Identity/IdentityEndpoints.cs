using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;

namespace Changai.Api.Identity;

public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("登录与令牌");
        auth.MapPost("/wechat-login", WeChatLogin.Handle).AllowAnonymous().Validate<WeChatLogin.Request>()
            .WithSummary("微信登录：用 wx.login 的 code 换取令牌");
        auth.MapPost("/officer-login", OfficerLogin.Handle).AllowAnonymous().Validate<OfficerLogin.Request>()
            .WithSummary("工会干部账号登录");
        auth.MapPost("/refresh", RefreshSession.Handle).AllowAnonymous().Validate<RefreshSession.Request>()
            .WithSummary("刷新令牌（每个刷新令牌只能使用一次）");
        auth.MapPost("/logout", Logout.Handle).RequireAuthorization(Policies.AnyUser).Validate<RefreshSession.Request>()
            .WithMetadata(PasswordChangeGate.Allowed).WithSummary("退出登录：作废该刷新令牌所在的整条令牌链");
        app.MapPost("/api/officer/wechat-binding", BindOfficerWeChat.Handle).WithTags("登录与令牌").RequireAuthorization(Policies.Officer)
            .Validate<BindOfficerWeChat.Request>().WithSummary("工会干部绑定微信，以便接收审核提醒");
        app.MapPost("/api/officer/password", ChangeOfficerPassword.Handle).WithTags("登录与令牌").RequireAuthorization(Policies.Officer)
            .Validate<OfficerAccounts.ChangePasswordRequest>().WithMetadata(PasswordChangeGate.Allowed)
            .WithSummary("工会干部修改本人密码（他人设置的初始密码须先修改），返回新的令牌");
        return app;
    }
}
