using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Quiz;

namespace Changai.Api.Quiz;

public static class QuizEndpoints
{
    /// <summary>The quiz's services (Domain) and the API's caches for it.</summary>
    public static IServiceCollection AddQuizApi(this IServiceCollection services) => services.AddSingleton<QuizCache>();

    public static IEndpointRouteBuilder MapQuizEndpoints(this IEndpointRouteBuilder app)
    {
        var worker = app.MapGroup("/api/quiz").WithTags("知识竞答（职工）").RequireAuthorization(Policies.Worker);
        worker.MapGet("/campaigns", WorkerCampaigns.List).WithSummary("我可以参加的竞答活动及我的答题进度");
        worker.MapGet("/campaigns/{id:guid}", WorkerCampaigns.Get).WithSummary("竞答活动详情（结束后公布抽奖种子）");
        worker.MapPost("/campaigns/{id:guid}/attempts", StartAttempt.Handle).Idempotent()
            .WithSummary("开始答题：服务器随机抽题、打乱选项，返回不含答案的题目和截止时间");
        worker.MapGet("/attempts/{id:guid}", GetAttempt.Handle).WithSummary("我的答卷：交卷前只有题目，交卷后才有答案、解析和得分");
        worker.MapPost("/attempts/{id:guid}/submit", SubmitAttempt.Handle).Validate<SubmitAttempt.Request>().Idempotent()
            .WithSummary("交卷：服务器判分；超时拒收，重复提交同样答案得到同样结果且只计一次");
        worker.MapGet("/campaigns/{id:guid}/leaderboard", Leaderboard.Handle).Validate<Leaderboard.Query>()
            .WithSummary("排行榜（个人 individual / 工会 union）及我的名次");
        worker.MapGet("/practice/next", Practice.Next).Validate<Practice.NextQuery>().WithSummary("练习：顺序或随机取下一题（不含答案）");
        worker.MapPost("/practice/answers", Practice.Answer).Validate<Practice.AnswerRequest>().WithSummary("练习作答：立即给出对错、答案和解析");
        worker.MapGet("/practice/wrong-book", WrongBook.List).Validate<WrongBook.Query>().WithSummary("错题本");
        worker.MapDelete("/practice/wrong-book/{questionId:guid}", WrongBook.Remove).WithSummary("从错题本移除一道题");
        worker.MapGet("/daily", DailyQuestion.Today).WithSummary("今日一题（人人相同，每天一次）及连续答题天数");
        worker.MapPost("/daily/answer", DailyQuestion.Answer).Validate<DailyQuestion.AnswerRequest>().Idempotent().WithSummary("回答今日一题");
        worker.MapGet("/daily/calendar", DailyQuestion.Month).Validate<DailyQuestion.CalendarQuery>().WithSummary("答题日历（某月答过的日子）");

        app.MapGet("/api/quiz/campaigns/{id:guid}/draw", PublicDraw.Handle).WithTags("知识竞答（职工）").RequireAuthorization(Policies.AnyUser)
            .WithSummary("公开的抽奖记录：种子哈希、种子（结束后）、候选名单和中奖者，可用 tests/quiz/verify-draw.py 复核");

        var officer = app.MapGroup("/api/officer/quiz").WithTags("知识竞答（组织者）").RequireAuthorization(Policies.ManageQuiz);
        officer.MapGet("/questions", OfficerQuestions.List).Validate<OfficerQuestions.Query>().WithSummary("题库（本级及下级的题可编辑，上级的题只读）");
        officer.MapGet("/questions/{id:guid}", OfficerQuestions.Get).WithSummary("题目详情及历史版本");
        officer.MapPost("/questions", SaveQuestion.Create).Validate<SaveQuestion.Request>().WithSummary("新增题目（单选、多选、判断）");
        officer.MapPut("/questions/{id:guid}", SaveQuestion.Edit).Validate<SaveQuestion.Request>().WithSummary("修改题目：生成新版本，已出的答卷保留原版本");
        officer.MapPost("/questions/{id:guid}/archive", SaveQuestion.Archive).WithSummary("停用题目（不再出题，不删除）");
        officer.MapPost("/questions/{id:guid}/restore", SaveQuestion.Restore).WithSummary("恢复停用的题目");
        // The file is the raw body, whatever its Content-Type says (browsers label CSV in many ways); the bytes decide.
        officer.MapPost("/questions/import", ImportQuestions.Handle)
            .WithSummary("导入题目（请求体为 CSV 或 XLSX 文件；dryRun=true 只检查并逐行报告错误）");
        officer.MapGet("/questions/export", ExportQuestions.Handle).Validate<ExportQuestions.Query>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: [Changai.Domain.Sheets.Xlsx.ContentType]).WithSummary("导出题库（csv 或 xlsx，与导入格式相同）");
        officer.MapGet("/campaigns", OfficerCampaigns.List).Validate<OfficerCampaigns.Query>().WithSummary("本级及下级组织的竞答活动");
        officer.MapPost("/campaigns", SaveCampaign.Create).Validate<SaveCampaign.Request>().WithSummary("创建竞答活动（草稿）");
        officer.MapGet("/campaigns/{id:guid}", OfficerCampaigns.Get).WithSummary("竞答活动详情");
        officer.MapPut("/campaigns/{id:guid}", SaveCampaign.Update).Validate<SaveCampaign.Request>().WithSummary("修改草稿");
        officer.MapPost("/campaigns/{id:guid}/publish", PublishCampaign.Handle).WithSummary("发布：冻结设置并公布抽奖种子的哈希");
        officer.MapPost("/campaigns/{id:guid}/draw", DrawPrizes.Handle).WithSummary("开奖（结束后）：排除高风险账号，按公开算法从种子抽取");
        officer.MapGet("/campaigns/{id:guid}/figures", CampaignFigures.Get).WithSummary("统计：各州市和工会参与情况、每日答题次数、每题正确率");
        officer.MapGet("/campaigns/{id:guid}/figures/export", CampaignFigures.Export).Validate<CampaignFigures.ExportQuery>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("导出统计表（CSV，UTF-8 带 BOM）");
        return app;
    }
}
