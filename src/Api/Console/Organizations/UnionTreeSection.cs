using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Organizations;
using Changai.Api.Quiz;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Organizations;

/// <summary>
/// 工会组织: the tree of the officer's subtree, expanded node by node on demand (the expanded nodes ride in the address, so the
/// page needs no script), a search box, a union's page with its counts and children, and the forms that create, edit, move
/// and close — each the API's own use case (<see cref="BrowseUnions"/>, <see cref="CreateUnion"/>, <see cref="EditUnion"/>,
/// <see cref="MoveUnion"/>, <see cref="CloseUnion"/>) with its validator, scope and audit.
/// </summary>
public sealed class UnionTreeSection : IConsoleSection
{
    /// <summary>At most this many nodes open at once (each costs one level's four grouped queries).</summary>
    public const int MaxOpen = 30;

    public const int ChildrenShown = 50;

    public ConsoleNavItem Nav { get; } = new("工会组织", ConsoleSetup.BasePath + "/unions", Policies.ManageUnions, 70);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/unions").RequireAuthorization(Policies.ManageUnions);
        group.MapGet("/", Tree);
        group.MapGet("/new", NewForm);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Detail);
        group.MapPost("/{id:guid}", Edit);
        group.MapPost("/{id:guid}/move", Move);
        group.MapPost("/{id:guid}/close", Close);
    }

    private static async Task<IResult> Tree(OfficerContext officer, AppDbContext db, CancellationToken ct, string? open, string? closed, string? q, int page = 1)
    {
        var includeClosed = closed == "1";
        var opened = (open ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().Take(MaxOpen).ToList();
        var root = (await BrowseUnions.ChildrenAsync(new BrowseUnions.ChildrenQuery(null), officer, db, ct)).Items[0];

        async Task<UnionTreePage.TreeNode> ExpandAsync(BrowseUnions.Node node)
        {
            if (!opened.Contains(node.Id) || node.Children == 0 && !includeClosed)
            {
                return new UnionTreePage.TreeNode(node, false, [], 0);
            }

            var children = await BrowseUnions.ChildrenAsync(new BrowseUnions.ChildrenQuery(node.Id, includeClosed, 1, ChildrenShown), officer, db, ct);
            var expanded = new List<UnionTreePage.TreeNode>();
            foreach (var child in children.Items)
            {
                expanded.Add(await ExpandAsync(child));
            }

            return new UnionTreePage.TreeNode(node, true, expanded, children.Total - children.Items.Count);
        }

        // The root is always open: the first level is what the page is for.
        if (!opened.Contains(root.Id))
        {
            opened.Insert(0, root.Id);
        }

        var tree = await ExpandAsync(root);
        PagedResult<BrowseUnions.Hit>? hits = null;
        string? error = null;
        var keyword = q?.Trim();
        if (!string.IsNullOrEmpty(keyword))
        {
            if (keyword.Length > 50)
            {
                error = "关键字不能超过 50 个字";
            }
            else
            {
                hits = await BrowseUnions.SearchAsync(new BrowseUnions.SearchQuery(keyword, includeClosed, Math.Clamp(page, 1, 100_000)), officer, db, ct);
            }
        }

        return ConsolePages.Render(new UnionTreePage.Data { Tree = tree, Opened = (IReadOnlyList<Guid>)opened, IncludeClosed = includeClosed, Keyword = keyword, Hits = hits, Error = error });
    }

    private static async Task<IResult> NewForm(OfficerContext officer, AppDbContext db, CancellationToken ct, Guid? parentId)
    {
        var parent = await BrowseUnions.FindAsync(parentId ?? officer.UnionId, officer, db, ct);
        return ConsolePages.Render(new NewUnionPage.Data { Parent = parent });
    }

    private static async Task<IResult> Create(HttpContext http, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var request = new CreateUnion.Request(
            Guid.TryParse(form.Text("parentId"), out var parentId) ? parentId : Guid.Empty, form.Text("name") ?? "", form.Text("creditCode") ?? "",
            Enum.TryParse<UnionKind>(form.Text("kind"), out var kind) ? kind : (UnionKind)(-1), form.Text("regionCode") ?? "",
            form.Text("organizationName"), form.Text("address"), form.Text("contactName"), form.Text("contactPhone"));
        var parent = await BrowseUnions.FindAsync(request.ParentId, officer, db, ct);
        return await FormAction.RunAsync(http, request,
            async request => ConsolePages.SeeOther($"/unions/{(await CreateUnion.CreateAsync(request, officer, db, time, ct)).Id}?done=created"),
            (errors, status) => Task.FromResult<IResult>(ConsolePages.Render(new NewUnionPage.Data { Parent = parent, Request = request, Error = errors.First }, status)),
            fieldOf: _ => ""); // every refusal, a "not found" included, is shown above the form
    }

    private static async Task<IResult> Detail(OfficerContext officer, AppDbContext db, CancellationToken ct, Guid id, string? done, int? m, int? a, int? r, int? o, int page = 1)
    {
        var notice = done switch
        {
            "created" => "工会已创建，已可在小程序的工会查找中找到（接收会员的工会）。",
            "updated" => "已保存。",
            "moved" => "已调整上级工会：其全部下级、会员和待审申请已随之转到新的上级工会之下。",
            "closed" => $"工会已撤销（或已合并）：{m ?? 0} 名会员的会籍已转入接收工会（每人一条转移记录），{a ?? 0} 份待审入会申请已转交，{r ?? 0} 份已退回申请人，{o ?? 0} 个干部账号已停用。",
            _ => null,
        };
        return ConsolePages.Render(await DetailModelAsync(id, officer, db, Math.Clamp(page, 1, 100_000), ct, notice));
    }

    private static async Task<UnionDetailPage.Data> DetailModelAsync(
        Guid id, OfficerContext officer, AppDbContext db, int page, CancellationToken ct, string? done = null, string? error = null, string? form = null)
    {
        var detail = await BrowseUnions.DetailAsync(id, officer, db, ct);
        var children = await BrowseUnions.ChildrenAsync(new BrowseUnions.ChildrenQuery(id, true, page, ChildrenShown), officer, db, ct);
        return new UnionDetailPage.Data { Detail = detail, Children = children, Done = done, Error = error, FailedForm = form };
    }

    private static async Task<IResult> Edit(HttpContext http, OfficerContext officer, AppDbContext db, TimeProvider time, Guid id, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var request = new EditUnion.Request(form.Text("name") ?? "", form.Text("organizationName"), form.Text("address"), form.Text("contactName"), form.Text("contactPhone"));
        return await ActAsync(http, officer, db, id, "edit", request, request => EditUnion.EditAsync(id, request, officer, db, time, ct), "updated", ct);
    }

    private static async Task<IResult> Move(HttpContext http, OfficerContext officer, AppDbContext db, QuizCache quiz, TimeProvider time, Guid id, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var code = form.Text("parentCode");
        var parent = code is null ? null : await BrowseUnions.FindByCodeAsync(code, officer, db, ct);
        if (code is not null && parent is null)
        {
            return ConsolePages.Render(
                await DetailModelAsync(id, officer, db, 1, ct, error: $"在您的管辖范围内未找到代码为 {code} 的工会", form: "move"), StatusCodes.Status404NotFound);
        }

        var request = new MoveUnion.Request(parent?.Id ?? Guid.Empty, form.Text("regionCode"), form.Text("reason"));
        return await ActAsync(http, officer, db, id, "move", request, request => MoveUnion.MoveAsync(id, request, officer, db, quiz, time, ct), "moved", ct);
    }

    private static async Task<IResult> Close(HttpContext http, OfficerContext officer, AppDbContext db, TimeProvider time, Guid id, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var code = form.Text("receivingCode");
        var receiving = code is null ? null : await BrowseUnions.FindByCodeAsync(code, officer, db, ct);
        if (code is not null && receiving is null)
        {
            return ConsolePages.Render(
                await DetailModelAsync(id, officer, db, 1, ct, error: $"在您的管辖范围内未找到代码为 {code} 的接收工会", form: "close"), StatusCodes.Status404NotFound);
        }

        var request = new CloseUnion.Request(Enum.TryParse<UnionClosure>(form.Text("closure"), out var closure) ? closure : (UnionClosure)(-1),
            form.Text("reason") ?? "", receiving?.Id);
        CloseUnion.Result? result = null;
        var outcome = await ActAsync(http, officer, db, id, "close", request, async request => result = await CloseUnion.CloseAsync(id, request, officer, db, time, ct), "closed", ct);
        return result is null ? outcome : ConsolePages.SeeOther(
            $"/unions/{id}?done=closed&m={result.MembersTransferred}&a={result.ApplicationsMoved}&r={result.ApplicationsReturned}&o={result.OfficersDisabled}");
    }

    /// <summary>
    /// Runs a change from the union's page (<see cref="FormAction"/>); a refusal shows the page again with the message above
    /// the form that was sent, and the status the API would answer. Only the union itself not found is the 404 page; another
    /// "not found" (a parent or receiving union) is a refusal like any other.
    /// </summary>
    private static Task<IResult> ActAsync<TRequest>(
        HttpContext http, OfficerContext officer, AppDbContext db, Guid id, string form, TRequest request, Func<TRequest, Task> change, string done, CancellationToken ct) =>
        FormAction.RunAsync(http, request,
            async request =>
            {
                await change(request);
                return ConsolePages.SeeOther($"/unions/{id}?done={done}");
            },
            async (errors, status) => ConsolePages.Render(await DetailModelAsync(id, officer, db, 1, ct, error: errors.First, form: form), status),
            fieldOf: e => e.Code == "organizations.union.not_found" ? null : "");
}
