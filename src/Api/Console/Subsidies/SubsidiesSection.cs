using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Subsidies;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using FluentValidation;

namespace Changai.Api.OfficerConsole.Subsidies;

/// <summary>
/// 补贴审核: the queue at the officer's level (or everything in the subtree), an application's detail with its attachments
/// shown inline, and the decisions. Everything is the API's (<see cref="OfficerSubsidyApplications"/>, <see cref="ReviewApplication"/>,
/// <see cref="Attachments.DownloadAsOfficer"/>): scope, review level, audit of each look at a file, notifications, budget.
/// </summary>
public sealed class SubsidiesSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("补贴审核", ConsoleSetup.BasePath + "/subsidies", Policies.ReviewSubsidies, 20);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/subsidies").RequireAuthorization(Policies.ReviewSubsidies);
        group.MapGet("/", Queue);
        group.MapGet("/applications-export", SubsidyQueueTable.Export);
        group.MapGet("/{id:guid}", Detail);
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", Attachments.DownloadAsOfficer);
        group.MapPost("/{id:guid}/approve", Approve);
        group.MapPost("/{id:guid}/reject", (Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
            WithReason(id, "rejected", "不予通过", ReviewApplication.RejectAsync, http, officer, db, scope, protector, time, ct));
        group.MapPost("/{id:guid}/return", (Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
            WithReason(id, "returned", "退回补正", ReviewApplication.ReturnAsync, http, officer, db, scope, protector, time, ct));
    }

    private static async Task<IResult> Queue(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time,
        IValidator<OfficerSubsidyApplications.Query> validator, QueueCounts counts, CancellationToken ct)
    {
        var (table, query) = SubsidyQueueTable.Read(http.Request);
        await TableQuery.EnsureValidAsync(validator, query, ct);

        var result = await OfficerSubsidyApplications.ListAsync(query, officer, db, scope, protector, counts, time, ct);
        var unions = await Shared.TableExport.UnionOptionsAsync(db, scope, officer, membersOnly: false, ct);
        return ConsolePages.Render(new SubsidyQueuePage.Data { Query = query, Table = table, Result = result, Unions = unions });
    }

    private static async Task<IResult> Detail(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct, string? done)
    {
        var notice = done switch
        {
            "approved" => "已审核通过。",
            "rejected" => "已作出“不予通过”的决定，申请人将收到通知和原因。",
            "returned" => "已退回申请人补正，申请人将收到通知和补正意见。",
            _ => null,
        };
        return await DetailPageAsync(id, officer, db, scope, protector, ct, done: notice);
    }

    private static async Task<IResult> DetailPageAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct,
        string? done = null, string? error = null, int status = StatusCodes.Status200OK) =>
        ConsolePages.Render(new SubsidyApplicationPage.Data
        {
            Application = await OfficerSubsidyApplications.DetailAsync(id, officer, db, scope, protector, ct), Done = done, Error = error,
        }, status);

    private static async Task<IResult> Approve(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        await FormAction.RunAsync(http, new ReviewApplication.ApproveRequest((await ConsolePages.FormAsync(http)).Text("comment")),
            async request =>
            {
                await ReviewApplication.ApproveAsync(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/subsidies/{id}?done=approved");
            },
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, ct, error: errors.First, status: status));

    private static async Task<IResult> WithReason(
        Guid id, string done, string what,
        Func<Guid, ReviewApplication.ReasonRequest, OfficerContext, AppDbContext, OfficerScope, TimeProvider, CancellationToken, Task<ReviewApplication.Decision>> decide,
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        await FormAction.RunAsync(http, new ReviewApplication.ReasonRequest((await ConsolePages.FormAsync(http)).Text("reason") ?? ""),
            async request =>
            {
                await decide(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/subsidies/{id}?done={done}");
            },
            // A broken rule about the reason says which of the two decisions it was for.
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, ct, status: status,
                error: errors.For("reason") is { } reason ? $"{what}：{reason}" : errors.First));
}
