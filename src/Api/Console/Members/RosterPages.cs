using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Members;

/// <summary>
/// 会员名册 (在册会员): the register of the officer's subtree searched by name, full phone number (matched through its keyed
/// hash, shown masked) or member number, with union, join-date range, sort, page size and a masked XLSX export; a member's
/// detail with history; and 会员卡核验 (a pasted card token, or the text a scan gives, checked by the API's own use case).
/// </summary>
public static class RosterPages
{
    public const string Path = ConsoleSetup.BasePath + "/members";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["status"] = "认领情况", ["union"] = "所在工会", ["from"] = "入会日期（起）", ["to"] = "入会日期（止）", ["q"] = "姓名",
        ["phone"] = "手机号", ["number"] = "会员号", ["sort:joinedOn"] = "入会日期", ["sort:number"] = "会员号", ["sort:name"] = "姓名",
        ["sort:union"] = "所在工会",
    };

    public static void Map(RouteGroupBuilder members)
    {
        members.MapGet("/", List);
        members.MapGet("/export", Export);
        members.MapGet("/{id:guid}", Detail);
        members.MapPost("/{id:guid}/transfer-out", TransferOutAsync);
        members.MapGet("/card-check", () => ConsolePages.Render(new CardCheckPage.Data { }));
        members.MapPost("/card-check", CardCheck);
    }

    private static (TableQuery Table, MemberRoster.Query Query) Read(HttpRequest request)
    {
        var table = TableQuery.Read(request, Path, MemberRoster.SortKeys, "phone", "number");
        // Officers copy numbers with spaces or dashes ("139 8765 0000"): the hash is of the digits.
        var phone = table["phone"] is { } p ? new string([.. p.Where(c => c is not (' ' or '-'))]) : null;
        var query = new MemberRoster.Query(
            table.Union, table.Keyword, table.Status switch { "unclaimed" => true, "claimed" => false, _ => null }, table.Page, table.PageSize,
            phone, table["number"], Day(table.From), Day(table.To), table.SortParameter);
        return (table, query);
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IResult> List(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector,
        IValidator<MemberRoster.Query> validator, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        var unions = await TableExport.UnionOptionsAsync(db, scope, officer, membersOnly: true, ct);
        var invalid = await validator.ValidateAsync(query, ct);
        if (!invalid.IsValid || table.Errors.Count > 0)
        {
            var error = string.Join("；", table.Errors.Concat(invalid.Errors.Select(e => e.ErrorMessage)).Distinct());
            return ConsolePages.Render(new RosterPage.Data { Table = table, Result = new Domain.Common.PagedResult<MemberRoster.Item>([], 1, table.PageSize, 0), Unions = unions, Error = error },
                StatusCodes.Status400BadRequest);
        }

        return ConsolePages.Render(new RosterPage.Data
        {
            Table = table, Result = await MemberRoster.ListAsync(query, officer, db, scope, protector, ct), Unions = unions,
            Done = http.Request.Query["done"] == "transferred" ? "会籍转出已办理，该会员已转入您所辖范围以外的工会，不再列在本名册中；会员本人将收到通知。" : null,
        });
    }

    private static async Task<IResult> Export(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector,
        IValidator<MemberRoster.Query> validator, TimeProvider time, CancellationToken ct)
    {
        var (table, query) = Read(http.Request);
        if (table.Errors.Count > 0 || (await validator.ValidateAsync(query, ct)) is { IsValid: false })
        {
            return ConsolePages.Error(StatusCodes.Status400BadRequest, "查询条件有误", "请返回会员名册，修正查询条件后再导出。");
        }

        return await TableExport.ListAsync(db, scope, officer, time, table, Labels, "会员名册", "membership.members.exported",
            ["会员号", "原会员证号", "姓名", "身份证号", "手机号", "所在工会", "入会日期", "来源"],
            size => MemberRoster.ListAsync(query with { Page = 1, PageSize = size }, officer, db, scope, protector, ct),
            m => [m.MembershipNumber, m.ExternalNumber ?? "", m.Name, m.IdNumberMasked, m.PhoneMasked, m.Union.Name,
                  m.JoinedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SourceText(m)], ct, membersOnly: true, statuses: RosterPage.Statuses);
    }

    public static string SourceText(MemberRoster.Item m) =>
        m.Source == MemberSource.Application ? "入会申请" : m.Claimed ? "存量导入（已认领）" : "存量导入（未认领）";

    private static Task<IResult> Detail(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct, string? done, string? unionQ) =>
        DetailPageAsync(id, officer, db, scope, protector, ct, unionQ, done: done == "transferred" ? "会籍转出已办理，会员本人将收到通知。" : null);

    private static async Task<IResult> DetailPageAsync(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct, string? unionQuery,
        TransferOut.Request? input = null, FormErrors? errors = null, string? done = null, int status = StatusCodes.Status200OK)
    {
        var member = await MemberHistory.ForAsync(id, officer, db, scope, protector, ct);
        var query = unionQuery?.Trim() is { Length: > 0 } q ? (q.Length > 30 ? q[..30] : q) : null;
        return ConsolePages.Render(new MemberPage.Data
        {
            Member = member, UnionQuery = query, Destinations = await DestinationsAsync(db, member.UnionId, query, input?.ToUnionId, ct),
            ToUnionId = input?.ToUnionId, Reason = input?.Reason, Errors = errors, Done = done,
        }, status);
    }

    /// <summary>
    /// The transfer-out picker: unions anywhere in the province that take members, other than the member's own, in tree
    /// order with the union above each one (two unions may share a name); a keyword narrows it, the one chosen stays listed.
    /// </summary>
    private static async Task<IReadOnlyList<DataTable.UnionOption>> DestinationsAsync(AppDbContext db, Guid ownUnionId, string? keyword, Guid? chosen, CancellationToken ct)
    {
        var unions = db.Unions.AsNoTracking().Where(u => u.AcceptsMembers && u.ClosedAt == null && u.Id != ownUnionId);
        if (keyword is not null)
        {
            unions = unions.Where(u => u.Name.Contains(keyword) || u.Id == chosen);
        }

        var rows = await unions.OrderBy(u => u.Path).Take(keyword is null ? 300 : 100)
            .Select(u => new { u.Id, u.Name, Parent = db.Unions.Where(p => p.Id == u.ParentId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new DataTable.UnionOption(r.Id, r.Parent is null ? r.Name : $"{r.Name}（{r.Parent}）"))];
    }

    private static async Task<IResult> TransferOutAsync(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var form = await ConsolePages.FormAsync(http);
        var request = new TransferOut.Request(Guid.TryParse(form.Text("toUnionId"), out var to) ? to : Guid.Empty, form.Text("reason") ?? "");
        return await FormAction.RunAsync(http, request,
            async r =>
            {
                var done = await TransferOut.TransferAsync(id, r, officer, db, scope, time, ct);
                // Moved outside the officer's branch, the member is no longer theirs to open: back to the roster.
                var stillMine = (await scope.UnionIdsWithinAsync(officer, ct)).Contains(done.To.Id);
                return ConsolePages.SeeOther(stillMine ? $"/members/{id}?done=transferred" : "/members?done=transferred");
            },
            (errors, status) => DetailPageAsync(id, officer, db, scope, protector, ct, null, request, errors, status: status),
            fieldOf: e => e.Code is "membership.union_not_found" or "membership.union_not_accepting" or "membership.transfer_same_union" ? "toUnionId" : null);
    }

    private static async Task<IResult> CardCheck(HttpContext http, AppDbContext db, CardTokens tokens, IValidator<MembershipCard.VerifyRequest> validator, CancellationToken ct)
    {
        var text = (await ConsolePages.FormAsync(http)).Text("token") ?? "";
        var request = new MembershipCard.VerifyRequest(TokenFrom(text));
        if ((await validator.ValidateAsync(request, ct)) is { IsValid: false } invalid)
        {
            return ConsolePages.Render(new CardCheckPage.Data { Input = text, Error = invalid.Errors[0].ErrorMessage }, StatusCodes.Status400BadRequest);
        }

        var result = await MembershipCard.VerifyAsync(request, db, tokens, ct);
        return ConsolePages.Render(new CardCheckPage.Data { Input = text, Result = result });
    }

    /// <summary>
    /// What a scan gives may be the bare token or a link carrying it (<c>…?token=…</c>), with line breaks from copying:
    /// the token is the part the card signed.
    /// </summary>
    public static string TokenFrom(string text)
    {
        var value = text.Trim();
        var at = value.IndexOf("token=", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            value = value[(at + "token=".Length)..];
            var end = value.IndexOf('&');
            value = Uri.UnescapeDataString(end >= 0 ? value[..end] : value);
        }

        return new string([.. value.Where(c => !char.IsWhiteSpace(c))]);
    }
}
