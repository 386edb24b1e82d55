using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Subsidies;
using Microsoft.Extensions.Options;

namespace Changai.Api.Subsidies;

public static class SubsidyEndpoints
{
    public static IEndpointRouteBuilder MapSubsidyEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value;

        var worker = app.MapGroup("/api/subsidies").WithTags("补贴申请").RequireAuthorization(Policies.Worker);
        worker.MapGet("/programs", WorkerPrograms.List).WithSummary("可申请的补贴项目，以及本人是否符合条件（不符合时列出全部原因）");
        worker.MapGet("/programs/{id:guid}/draw", DrawLots.ForWorker).WithSummary("抽签项目的公开信息：事先公布的种子哈希，抽签后的种子、签号和结果");
        worker.MapGet("/certificates", MySubsidyApplications.Certificates).WithSummary("本人已登记的职业技能证书（如培训结业取得），可直接选用");
        worker.MapPost("/applications", StartApplication.Handle).Validate<StartApplication.Request>().Idempotent().WithSummary("新建补贴申请草稿");
        worker.MapGet("/applications/mine", MySubsidyApplications.Mine).WithSummary("我的补贴申请");
        worker.MapGet("/applications/{id:guid}", MySubsidyApplications.Detail).WithSummary("补贴申请详情、金额明细和办理时间线");
        worker.MapPut("/applications/{id:guid}", FillApplication.Handle).Validate<FillApplication.Request>().WithSummary("填写或补正申请信息（可选用已登记的证书）");
        worker.MapPost("/applications/{id:guid}/attachments", Attachments.Upload).Idempotent()
            .WithMetadata(new Attachments.UploadSizeLimit(limits.MaxFileBytes + Attachments.UploadOverheadBytes)).WithSummary("上传材料（multipart/form-data：documentCode、file；只收 JPG、PNG、PDF）");
        worker.MapGet("/applications/{id:guid}/attachments/{attachmentId:guid}", Attachments.DownloadOwn).WithSummary("下载本人上传的材料");
        worker.MapDelete("/applications/{id:guid}/attachments/{attachmentId:guid}", Attachments.Delete).WithSummary("删除材料（草稿或补正时）");
        worker.MapPost("/applications/{id:guid}/submit", SubmitApplication.Handle).Idempotent().WithSummary("提交或补正后重新提交：核算金额并查重");
        worker.MapPost("/applications/{id:guid}/withdraw", MySubsidyApplications.Withdraw).WithSummary("撤回尚未开始审核的申请");

        var manage = app.MapGroup("/api/officer/subsidies").WithTags("补贴项目管理（工会干部）").RequireAuthorization(Policies.ManageSubsidies);
        manage.MapGet("/programs", ManagePrograms.List).WithSummary("本级及下级工会的补贴项目、预算使用和申请数");
        manage.MapPost("/programs", ManagePrograms.Create).Validate<ManagePrograms.CreateRequest>().WithSummary("新建补贴项目（抽签项目同时公布种子哈希）");
        manage.MapGet("/programs/{id:guid}", ManagePrograms.Detail).WithSummary("补贴项目详情");
        manage.MapPut("/programs/{id:guid}", ManagePrograms.Update).Validate<ManagePrograms.UpdateRequest>().WithSummary("修改补贴项目（预算、名额不低于已占用）");
        manage.MapPost("/programs/{id:guid}/draw", DrawLots.Draw).WithSummary("申请截止后抽签，公布种子和结果");

        var review = app.MapGroup("/api/officer/subsidies").WithTags("补贴审核（工会干部）").RequireAuthorization(Policies.ReviewSubsidies);
        review.MapGet("/applications", OfficerSubsidyApplications.List).Validate<OfficerSubsidyApplications.Query>()
            .WithSummary("本级待审队列（view=queue），或辖区全部申请（view=all）");
        review.MapGet("/applications/export", Payments.Export).Validate<Payments.ExportQuery>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("导出已核准、已发放名单（CSV；身份证号脱敏，财务人员可导出完整号码；每次导出留痕）");
        review.MapGet("/applications/{id:guid}", OfficerSubsidyApplications.Detail).WithSummary("申请详情、材料和完整审计记录（个人信息脱敏）");
        review.MapGet("/applications/{id:guid}/attachments/{attachmentId:guid}", Attachments.DownloadAsOfficer).WithSummary("查看申请材料（留痕）");
        review.MapPost("/applications/{id:guid}/reveal-id-number", OfficerSubsidyApplications.RevealIdNumber).WithSummary("查看完整身份证号（留痕）");
        review.MapPost("/applications/{id:guid}/approve", ReviewApplication.Approve).Validate<ReviewApplication.ApproveRequest>()
            .WithSummary("本级审核通过：转上级，或终审核准并占用预算");
        review.MapPost("/applications/{id:guid}/reject", ReviewApplication.Reject).Validate<ReviewApplication.ReasonRequest>().WithSummary("不予通过");
        review.MapPost("/applications/{id:guid}/return", ReviewApplication.Return).Validate<ReviewApplication.ReasonRequest>().WithSummary("退回补正（补正后回到本级）");
        review.MapPost("/applications/batch-approve", ReviewApplication.ApproveBatch).Validate<ReviewApplication.BatchRequest>().WithSummary("批量审核通过，逐份返回结果");

        var finance = app.MapGroup("/api/officer/subsidies").WithTags("补贴发放（财务）").RequireAuthorization(Policies.Finance);
        finance.MapPost("/payments", Payments.Record).Validate<Payments.Request>().WithSummary("登记一笔发放（日期、转账流水号）");
        finance.MapPost("/payments/import", Payments.Import).WithSummary("导入发放 CSV（申请编号、发放日期、转账流水号三列），逐行返回结果");
        return app;
    }
}
