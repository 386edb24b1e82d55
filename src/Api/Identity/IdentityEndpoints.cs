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
        auth.MapPost("/officer-activation", ActivateOfficer.Handle).AllowAnonymous().Validate<ActivateOfficer.Request>()
            .WithSummary("导入的干部账号激活：用户名 + 一次性激活码，设置本人密码（激活码随即失效），返回令牌");
        auth.MapPost("/refresh", RefreshSession.Handle).AllowAnonymous().Validate<RefreshSession.Request>()
            .WithSummary("刷新令牌（每个刷新令牌只能使用一次）");
        auth.MapPost("/logout", Logout.Handle).RequireAuthorization(Policies.AnyUser).Validate<RefreshSession.Request>()
            .WithMetadata(PasswordChangeGate.Allowed).WithSummary("退出登录：作废该刷新令牌所在的整条令牌链");
        app.MapPost("/api/officer/wechat-binding", BindOfficerWeChat.Handle).WithTags("登录与令牌").RequireAuthorization(Policies.Officer)
            .Validate<BindOfficerWeChat.Request>().WithSummary("工会干部绑定微信，以便接收审核提醒");
        app.MapPost("/api/officer/password", ChangeOfficerPassword.Handle).WithTags("登录与令牌").RequireAuthorization(Policies.Officer)
            .Validate<OfficerAccounts.ChangePasswordRequest>().WithMetadata(PasswordChangeGate.Allowed)
            .WithSummary("工会干部修改本人密码（他人设置的初始密码须先修改），返回新的令牌");
        var import = app.MapGroup("/api/officer/officers/import").WithTags("干部账号").RequireAuthorization(Policies.ManageOfficers);
        import.MapGet("/template", ImportOfficers.Template).Validate<SheetUploads.TemplateQuery>()
            .Produces(StatusCodes.Status200OK, contentType: Changai.Domain.Sheets.Xlsx.ContentType, additionalContentTypes: ["text/csv"]).WithSummary("下载干部账号导入模板（format=xlsx 或 csv）");
        var limit = new SheetUploads.UploadSizeLimit(ImportOfficers.MaxFileBytes);
        import.MapPost("/dry-run", ImportOfficers.DryRun).WithMetadata(limit)
            .WithSummary("检查干部账号名单（multipart/form-data：file，XLSX 或 CSV；列：用户名、姓名、所属工会代码、权限、手机号）：逐行逐列报告错误，不保存");
        app.MapPost("/api/officer/officers/import", ImportOfficers.Apply).WithTags("干部账号").RequireAuthorization(Policies.ManageOfficers).WithMetadata(limit)
            .WithSummary("导入干部账号（同上）：全部导入或全部不导入；新账号各得一个一次性激活码（仅在本次结果中显示），同一用户名、同一工会再次导入不变");
        return app;
    }
}
