using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Membership;

/// <summary>
/// 入会审核: the review queue, an application's detail and the decisions. Everything goes through the API's own use cases
/// (<see cref="OfficerApplications"/>, <see cref="DecideApplication"/>) and validators, so scope, masking, audit, notification
/// and the one-winner rule are the API's.
/// </summary>
public sealed class MembershipSection : IConsoleSection
{
    public const int BatchLimit = 50;

    public ConsoleNavItem Nav { get; } = new("入会审核", ConsoleSetup.BasePath + "/membership", Policies.ReviewMembership, 10);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/membership").RequireAuthorization(Policies.ReviewMembership);
        group.MapGet("/", Queue);
        group.MapGet("/export", ReviewQueueTable.Export);
        group.MapPost("/batch-approve", BatchApprove);
        group.MapGet("/{id:guid}", Detail);
        group.MapPost("/{id:guid}/approve", Approve);
        group.MapPost("/{id:guid}/reject", (Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
            DecideWithReason(id, "rejected", DecideApplication.RejectAsync, http, officer, db, scope, protector, time, ct));
        group.MapPost("/{id:guid}/return", (Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
            DecideWithReason(id, "returned", DecideApplication.ReturnAsync, http, officer, db, scope, protector, time, ct));
        group.MapPost("/{id:guid}/reveal-id-number", Reveal);
    }

    private static async Task<IResult> Queue(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time,
        IValidator<OfficerApplications.Query> validator, QueueCounts counts, CancellationToken ct)
    {
        var (table, query) = ReviewQueueTable.Read(http.Request);
        await TableQuery.EnsureValidAsync(validator, query, ct);

        return ConsolePages.Render(await QueueModelAsync(query, officer, db, scope, protector, time, ct, counts, table: table));
    }

    private static async Task<ReviewQueuePage.Data> QueueModelAsync(
        OfficerApplications.Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct,
        QueueCounts counts, string? done = null, string? error = null, TableQuery? table = null)
    {
        var result = await OfficerApplications.ListAsync(query, officer, db, scope, protector, time, ct, counts);
        // Unions that have applications in this state: a short list even for the province, counted once per QueueCounts.Lifetime.
        var status = query.Status ?? ApplicationStatus.Submitted;
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var unions = await counts.GetAsync(("membership-unions", officer.UnionPath, status), () => db.MembershipApplications.AsNoTracking()
            .Where(a => a.Status == status && unionIds.Contains(a.UnionId))
            .GroupBy(a => a.UnionId)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .Join(db.Unions, g => g.Id, u => u.Id, (g, u) => new ReviewQueuePage.UnionOption(u.Id, u.Name, g.Count, u.Path))
            .ToListAsync(ct));
        return new ReviewQueuePage.Data
        {
            Query = query, Table = table ?? TableQuery.Read(new DefaultHttpContext().Request, ReviewQueueTable.Path, ReviewQueueTable.SortKeys),
            Result = result, Unions = unions.OrderBy(u => u.Path).ToList(), Done = done, Error = error,
        };
    }

    private static async Task<IResult> BatchApprove(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time,
        IValidator<DecideApplication.ApproveRequest> validator, IServiceScopeFactory scopes, QueueCounts counts, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var ids = form["id"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var request = new DecideApplication.ApproveRequest(form.Text("comment"));
        var back = new OfficerApplications.Query(ApplicationStatus.Submitted, null, null);
        string? error = null;
        var approved = 0;
        if (ids.Count == 0)
        {
            error = "请先勾选要通过的申请";
        }
        else if (ids.Count > BatchLimit)
        {
            error = $"一次最多批量通过 {BatchLimit} 份申请";
        }
        else if ((await validator.ValidateAsync(request, ct)) is { IsValid: false } invalid)
        {
            error = invalid.Errors[0].ErrorMessage;
        }
        else
        {
            var outcomes = await DecideApplication.ApproveEachAsync(ids, request, officer, scopes, time, ct);
            approved = outcomes.Count(o => o.Refusal is null);
            var failures = outcomes.Where(o => o.Refusal is not null).Select(o => $"{o.ApplicantName ?? "（不在管辖范围内的申请）"}：{o.Refusal}").ToList();
            error = failures.Count == 0 ? null : $"{failures.Count} 份未能通过：" + string.Join("；", failures);
        }

        var model = await QueueModelAsync(back, officer, db, scope, protector, time, ct, counts,
            approved > 0 ? $"已批量通过 {approved} 份入会申请，会员号已发放，申请人将收到通知。" : null, error);
        return ConsolePages.Render(model, error is not null && approved == 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> Detail(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct, string? done)
    {
        var notice = done switch
        {
            "approved" => "已审核通过" + (await MembershipNumberAsync(db, id, ct) is { } number ? $"，会员号 {number}" : "") + "。申请人将收到通知。",
            "rejected" => "已作出“不予通过”的决定，申请人将收到通知和原因。",
            "returned" => "已退回申请人修改，申请人将收到通知和修改意见。",
            _ => null,
        };
        return await DetailPageAsync(id, officer, db, scope, protector, time, ct, done: notice);
    }

    private static async Task<IResult> DetailPageAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct,
        string? done = null, string? error = null, string? revealed = null, int status = StatusCodes.Status200OK)
    {
        var detail = await OfficerApplications.DetailAsync(id, officer, db, scope, protector, ct);
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        var next = await db.MembershipApplications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Submitted && a.Id != id && unionIds.Contains(a.UnionId))
            .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return ConsolePages.Render(new ApplicationPage.Data
        {
            Application = detail,
            WaitingDays = ChinaTime.Today(time).DayNumber - ChinaTime.DateOf(detail.SubmittedAt).DayNumber,
            NextId = next,
            Done = done,
            Error = error,
            RevealedIdNumber = revealed,
        }, status);
    }

    private static async Task<IResult> Approve(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        await FormAction.RunAsync(http, new DecideApplication.ApproveRequest((await ConsolePages.FormAsync(http)).Text("comment")),
            async request =>
            {
                await DecideApplication.ApproveAsync(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/membership/{id}?done=approved");
            },
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, time, ct, error: errors.First, status: status));

    private static async Task<IResult> DecideWithReason(
        Guid id, string done, Func<Guid, DecideApplication.ReasonRequest, OfficerContext, AppDbContext, OfficerScope, TimeProvider, CancellationToken, Task<DecideApplication.Decision>> decide,
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        await FormAction.RunAsync(http, new DecideApplication.ReasonRequest((await ConsolePages.FormAsync(http)).Text("reason") ?? ""),
            async request =>
            {
                await decide(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/membership/{id}?done={done}");
            },
            // A broken rule about the reason says which of the two decisions it was for.
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, time, ct, status: status,
                error: errors.For("reason") is { } reason ? $"{(done == "rejected" ? "不予通过" : "退回修改")}：{reason}" : errors.First));

    private static async Task<IResult> Reveal(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var revealed = await OfficerApplications.RevealIdNumberAsync(id, officer, db, scope, protector, time, ct);
        return await DetailPageAsync(id, officer, db, scope, protector, time, ct, revealed: revealed.IdNumber);
    }

    private static Task<string?> MembershipNumberAsync(AppDbContext db, Guid applicationId, CancellationToken ct) =>
        db.MembershipApplications.Where(a => a.Id == applicationId)
            .Select(a => db.Members.Where(m => m.Id == a.MembershipId).Select(m => m.Number).FirstOrDefault())
            .SingleOrDefaultAsync(ct);
}
