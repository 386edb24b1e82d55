using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Data;
using Changai.Domain.Privacy;

namespace Changai.Api.OfficerConsole.Members;

/// <summary>
/// 会籍认领核对: claims whose ID number matched one of the branch's unclaimed imported members but whose phone did not. The
/// officer compares the register entry with what the worker claimed with (both masked) and links it or refuses. The API's
/// own use cases (<see cref="OfficerClaims"/>) do the work, with their scope, audit and notification.
/// </summary>
public sealed class ClaimsSection : IConsoleSection
{
    public ConsoleNavItem Nav { get; } = new("会籍认领", ConsoleSetup.BasePath + "/members/claims", Policies.ReviewMembership, 13);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/members/claims").RequireAuthorization(Policies.ReviewMembership);
        group.MapGet("/", Queue);
        group.MapGet("/export", ClaimsTable.Export);
        group.MapGet("/{id:guid}", Detail);
        group.MapPost("/{id:guid}/approve", Approve);
        group.MapPost("/{id:guid}/refuse", Refuse);
    }

    private static async Task<IResult> Queue(HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var (table, query) = ClaimsTable.Read(http.Request);
        return ConsolePages.Render(new ClaimQueuePage.Data
        {
            Query = query, Table = table, Result = await OfficerClaims.ListAsync(query, officer, db, scope, protector, ct),
            Unions = await TableExport.UnionOptionsAsync(db, scope, officer, membersOnly: true, ct),
        });
    }

    private static async Task<IResult> Detail(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct, string? done)
    {
        var notice = done switch
        {
            "approved" => "已确认认领：会籍归属申请人，电子会员卡即时可用，申请人将收到通知。",
            "refused" => "已作出“不予认领”的决定。申请人在核对期满时收到统一的“未通过”结果，原因只留存于工会。",
            _ => null,
        };
        return await DetailPageAsync(id, officer, db, scope, protector, ct, done: notice);
    }

    private static async Task<IResult> DetailPageAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct,
        string? done = null, string? error = null, int status = StatusCodes.Status200OK) =>
        ConsolePages.Render(new ClaimPage.Data { Claim = await OfficerClaims.DetailAsync(id, officer, db, scope, protector, ct), Done = done, Error = error }, status);

    private static Task<IResult> Approve(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        FormAction.RunAsync(http,
            async () =>
            {
                await OfficerClaims.ApproveAsync(id, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/members/claims/{id}?done=approved");
            },
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, ct, error: errors.First, status: status));

    private static async Task<IResult> Refuse(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        await FormAction.RunAsync(http, new DecideApplication.ReasonRequest((await ConsolePages.FormAsync(http)).Text("reason") ?? ""),
            async request =>
            {
                await OfficerClaims.RefuseAsync(id, request, officer, db, scope, time, ct);
                return ConsolePages.SeeOther($"/members/claims/{id}?done=refused");
            },
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, ct, status: status,
                error: errors.For("reason") is { } reason ? "不予认领：" + reason : errors.First));
}
