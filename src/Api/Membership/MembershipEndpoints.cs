using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;

namespace Changai.Api.Membership;

public static class MembershipEndpoints
{
    public static IEndpointRouteBuilder MapMembershipEndpoints(this IEndpointRouteBuilder app)
    {
        var worker = app.MapGroup("/api/membership").WithTags("入会与会籍").RequireAuthorization(Policies.Worker);
        worker.MapPost("/applications", ApplyForMembership.Handle).Validate<ApplyForMembership.Request>().Idempotent()
            .WithSummary("提交入会申请（单位工会或区域性/行业工会）");
        worker.MapGet("/applications/mine", MyApplications.Handle).WithSummary("我的入会申请及办理进度");
        worker.MapPut("/applications/{id:guid}", ResubmitApplication.Handle).Validate<ApplyForMembership.Request>().Idempotent()
            .WithSummary("修改被退回的申请并重新提交");
        worker.MapPost("/applications/{id:guid}/withdraw", WithdrawApplication.Handle).WithSummary("撤回尚未办结的申请");
        worker.MapGet("/card", MembershipCard.Get).WithSummary("电子会员卡（含短时有效的二维码令牌）");
        worker.MapPost("/transfers", RequestTransfer.Handle).Validate<RequestTransfer.Request>().Idempotent()
            .WithSummary("申请会籍转移（换工作后转入新工会）");
        worker.MapGet("/transfers/mine", RequestTransfer.Mine).WithSummary("我的会籍转移记录");
        worker.MapPost("/transfers/{id:guid}/withdraw", RequestTransfer.Withdraw).WithSummary("撤回待审核的会籍转移");
        worker.MapPost("/claims", ClaimMembership.Handle).Idempotent()
            .WithSummary("认领会籍（我已经是会员）：按资料中的姓名、身份证号和微信验证的手机号核对；相符即认领，否则交所属工会核对");
        worker.MapGet("/claims/mine", ClaimMembership.Mine).WithSummary("我的会籍认领及核对进度");

        app.MapPost("/api/membership/card/verify", MembershipCard.Verify).WithTags("入会与会籍")
            .RequireAuthorization(Policies.AnyUser).Validate<MembershipCard.VerifyRequest>()
            .WithSummary("核验会员卡二维码：有效与否、脱敏姓名和所属工会");

        var officer = app.MapGroup("/api/officer/membership").WithTags("入会审核（工会干部）").RequireAuthorization(Policies.ReviewMembership);
        officer.MapGet("/applications", OfficerApplications.List).Validate<OfficerApplications.Query>().WithSummary("本级及下级工会的入会申请");
        officer.MapGet("/applications/{id:guid}", OfficerApplications.Detail).WithSummary("申请详情（个人信息脱敏）");
        officer.MapPost("/applications/{id:guid}/reveal-id-number", OfficerApplications.RevealIdNumber).WithSummary("查看完整身份证号（留痕）");
        officer.MapPost("/applications/{id:guid}/approve", DecideApplication.Approve).Validate<DecideApplication.ApproveRequest>()
            .WithSummary("审核通过并发放会员号");
        officer.MapPost("/applications/{id:guid}/reject", DecideApplication.Reject).Validate<DecideApplication.ReasonRequest>().WithSummary("不予通过");
        officer.MapPost("/applications/{id:guid}/return", DecideApplication.Return).Validate<DecideApplication.ReasonRequest>().WithSummary("退回修改");
        officer.MapGet("/transfers", DecideTransfer.List).Validate<DecideTransfer.Query>().WithSummary("转入本级及下级工会的会籍转移申请");
        officer.MapPost("/transfers/{id:guid}/approve", DecideTransfer.Approve).WithSummary("同意转入");
        officer.MapPost("/transfers/{id:guid}/reject", DecideTransfer.Reject).Validate<DecideApplication.ReasonRequest>().WithSummary("不同意转入");
        officer.MapGet("/claims", OfficerClaims.List).Validate<OfficerClaims.Query>().WithSummary("待本级及下级工会核对的会籍认领");
        officer.MapGet("/claims/{id:guid}", OfficerClaims.Detail).WithSummary("认领详情：在册记录与申请人信息对照（脱敏）");
        officer.MapPost("/claims/{id:guid}/approve", OfficerClaims.Approve).WithSummary("确认认领：会籍归属申请人，电子会员卡即时可用");
        officer.MapPost("/claims/{id:guid}/refuse", OfficerClaims.Refuse).Validate<DecideApplication.ReasonRequest>()
            .WithSummary("不予认领（原因留存于工会；申请人在核对期满时收到统一的结果）");
        officer.MapGet("/members", MemberRoster.List).Validate<MemberRoster.Query>().WithSummary("本级及下级工会的会员名册（个人信息脱敏）");
        officer.MapPost("/members/{id:guid}/transfer-out", TransferOut.Handle).Validate<TransferOut.Request>().Idempotent()
            .WithSummary("会籍转出：为本级及下级工会的会员办理转出，转入全省任一接收会员的工会（会员号随之变更，入会日期不变）");

        var import = app.MapGroup("/api/officer/membership/members/import").WithTags("入会审核（工会干部）").RequireAuthorization(Policies.ReviewMembership);
        import.MapGet("/template", ImportMembers.Template).Validate<SheetUploads.TemplateQuery>()
            .Produces(StatusCodes.Status200OK, contentType: Changai.Domain.Sheets.Xlsx.ContentType, additionalContentTypes: ["text/csv"]).WithSummary("下载存量会员导入模板（format=xlsx 或 csv）");
        var limit = new SheetUploads.UploadSizeLimit(ImportMembers.MaxFileBytes);
        import.MapPost("/dry-run", ImportMembers.DryRun).WithMetadata(limit)
            .WithSummary("检查存量会员名单（multipart/form-data：file，XLSX 或 CSV）：逐行逐列报告错误，或将新增的会员，不保存");
        // Outside the group: a group's empty pattern would end the route in a slash the OpenAPI document leaves out.
        app.MapPost("/api/officer/membership/members/import", ImportMembers.Apply).WithTags("入会审核（工会干部）")
            .RequireAuthorization(Policies.ReviewMembership).WithMetadata(limit)
            .WithSummary("导入存量会员（同上）：全部导入或全部不导入；身份证号已在本工会在册的行不变");
        return app;
    }
}
