using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;

namespace Changai.Api.Profiles;

public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("个人资料").RequireAuthorization(Policies.Worker).AddEndpointFilter(CancelAccount.RefuseCancelled);
        me.MapGet("/profile", GetProfile.Handle).WithSummary("我的资料（身份证号、手机号脱敏显示）");
        me.MapPut("/profile", UpdateProfile.Handle).Validate<UpdateProfile.Request>().WithSummary("填写或修改我的资料");
        me.MapPost("/phone", BindPhone.Handle).Validate<BindPhone.Request>().WithSummary("通过微信手机号快速验证绑定手机号");
        me.MapGet("/consents/sensitive-personal-information", SensitiveConsent.Get).WithSummary("敏感个人信息处理同意书及我的同意状态");
        me.MapPost("/consents/sensitive-personal-information", SensitiveConsent.Grant).Validate<SensitiveConsent.Request>()
            .WithSummary("单独同意处理敏感个人信息（保存身份证号前必须同意）");
        me.MapDelete("/consents/sensitive-personal-information", SensitiveConsent.Withdraw)
            .WithSummary("撤回同意：不再使用身份证号；无会籍和补贴发放需要时删除身份证号");
        me.MapGet("/data-copy", DataCopy.Handle).WithSummary("我的个人信息副本（含完整身份证号和手机号，仅本人可取）");
        me.MapGet("/account/cancellation", CancelAccount.Get).WithSummary("注销账号前的说明：将删除什么、保留什么、会籍如何处理");
        me.MapPost("/account/cancellation", CancelAccount.Handle).Validate<CancelAccount.Request>().WithSummary("注销账号");
        return app;
    }
}
