using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Training;

namespace Changai.Api.Training;

public static class TrainingEndpoints
{
    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var worker = app.MapGroup("/api/training").WithTags("技能培训").RequireAuthorization(Policies.Worker);
        worker.MapGet("/courses", BrowseCourses.List).Validate<BrowseCourses.Query>()
            .WithSummary("已发布的培训课程（按类别、地区、关键词筛选），并说明本人能否报名及原因");
        worker.MapGet("/courses/{id:guid}", BrowseCourses.Get).WithSummary("课程详情：各班次时间地点、余位、候补人数和我的报名");
        worker.MapPost("/sessions/{id:guid}/enrollments", EnrollInSession.Handle).Idempotent()
            .WithSummary("报名班次：有余位即报名成功，满员则进入候补并给出候补序号");
        worker.MapDelete("/sessions/{id:guid}/enrollments", CancelEnrollment.Handle)
            .WithSummary("取消报名（有座位的须在取消截止前；空出的名额顺延给候补第一位）");
        worker.MapPost("/sessions/{id:guid}/enrollments/confirm", ConfirmSeatOffer.Handle).WithSummary("确认候补转正的名额（须在保留期限内）");
        worker.MapGet("/enrollments/mine", MyEnrollments.Handle).WithSummary("我的培训报名");
        worker.MapPost("/sessions/{id:guid}/check-in", CheckIn.Scan).Validate<CheckIn.Request>()
            .WithSummary("扫码签到：扫描现场屏幕上每 30 秒更新的二维码，须在签到时间内");

        var officer = app.MapGroup("/api/officer/training").WithTags("技能培训（工会干部）").RequireAuthorization(Policies.ManageTraining);
        officer.MapGet("/courses", ManageCourses.List).Validate<ManageCourses.Query>().WithSummary("本级及下级工会主办的培训课程（含报名率）");
        officer.MapPost("/courses", ManageCourses.Create).Validate<ManageCourses.Request>().WithSummary("新建培训课程（草稿）");
        officer.MapGet("/courses/{id:guid}", ManageCourses.Get).WithSummary("课程详情：各班次报名、候补、签到和报名率");
        officer.MapPut("/courses/{id:guid}", ManageCourses.Update).Validate<ManageCourses.Request>().WithSummary("修改课程信息和报名条件");
        officer.MapPost("/courses/{id:guid}/publish", ManageCourses.Publish).WithSummary("发布课程，职工即可查看和报名");
        officer.MapPost("/courses/{id:guid}/close", ManageCourses.Close).WithSummary("关闭课程（停止报名，已报名的照常参加）");
        officer.MapPost("/courses/{id:guid}/sessions", ManageSessions.Add).Validate<ManageSessions.Request>().WithSummary("添加班次");
        officer.MapPut("/sessions/{id:guid}", ManageSessions.Update).Validate<ManageSessions.Request>()
            .WithSummary("修改班次（开课前；增加的名额立即顺延给候补）");
        officer.MapPost("/sessions/{id:guid}/cancel", ManageSessions.Cancel).Validate<ManageSessions.CancelRequest>()
            .WithSummary("取消班次，并通知全部报名和候补的职工");
        officer.MapGet("/sessions/{id:guid}/enrollments", SessionRoster.List).Validate<SessionRoster.Query>()
            .WithSummary("班次报名名单（个人信息脱敏）、签到情况和报名率");
        officer.MapGet("/sessions/{id:guid}/enrollments/export", SessionRoster.Export)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("导出报名名单 CSV（UTF-8 BOM，Excel 可直接打开；身份证号脱敏）");
        officer.MapGet("/sessions/{id:guid}/check-in-code", CheckIn.Code).WithSummary("现场签到二维码令牌（每 30 秒更新，请定时刷新）");
        officer.MapGet("/sessions/{id:guid}/check-in-wxacode", CheckInWxaCode.Handle)
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg"]).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("现场签到小程序码（图片，微信扫一扫直接打开签到页；每 30 秒更新，请定时刷新）");
        officer.MapPost("/sessions/{id:guid}/check-ins", CheckIn.Manual).Validate<CheckIn.ManualRequest>()
            .WithSummary("工作人员为职工补签（也可更正“未到”）");
        officer.MapGet("/courses/{id:guid}/participants", CourseCompletions.List).Validate<CourseCompletions.Query>()
            .WithSummary("课程参训职工、出勤和结业情况");
        officer.MapPost("/courses/{id:guid}/certificates", CourseCompletions.Record).Validate<CourseCompletions.CertificateRequest>()
            .WithSummary("为结业职工登记证书（显示在职工“我的资料”中）");
        return app;
    }

    /// <summary>The training services and the check-in token signer; ApiSetup calls this once.</summary>
    public static IServiceCollection AddTrainingApi(this IServiceCollection services)
    {
        services.AddSingleton<CheckInCodes>();
        return services;
    }
}
