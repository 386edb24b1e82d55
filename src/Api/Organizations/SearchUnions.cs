using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/unions", SearchUnions.Handle).WithTags("工会组织").RequireAuthorization(Policies.AnyUser).Validate<SearchUnions.Query>()
            .WithSummary("查找可以入会的工会（按名称关键字、地区代码、入会渠道）");
        app.MapGet("/api/regions/counties", YunnanCounties.Handle).WithTags("工会组织").RequireAuthorization(Policies.AnyUser)
            .WithSummary("云南省各州（市）及所辖县（市、区）的名称和区划代码（供选择工作所在地）");
        var import = app.MapGroup("/api/officer/unions/import").WithTags("工会组织").RequireAuthorization(Policies.ManageUnions);
        import.MapGet("/template", ImportUnions.Template).Validate<SheetUploads.TemplateQuery>()
            .Produces(StatusCodes.Status200OK, contentType: Changai.Domain.Sheets.Xlsx.ContentType, additionalContentTypes: ["text/csv"])
            .WithSummary("下载工会导入模板（format=xlsx 或 csv）");
        var limit = new SheetUploads.UploadSizeLimit(ImportUnions.MaxFileBytes);
        import.MapPost("/dry-run", ImportUnions.DryRun).WithMetadata(limit)
            .WithSummary("检查工会名单（multipart/form-data：file，XLSX 或 CSV）：逐行逐列报告错误，或将新增/修改的工会，不保存");
        // Outside the group: a group's empty pattern would end the route in a slash the OpenAPI document leaves out.
        app.MapPost("/api/officer/unions/import", ImportUnions.Apply).WithTags("工会组织").RequireAuthorization(Policies.ManageUnions).WithMetadata(limit)
            .WithSummary("导入工会名单（同上）：全部导入或全部不导入；按统一社会信用代码更新已有工会");
        var tree = app.MapGroup("/api/officer/unions").WithTags("工会组织").RequireAuthorization(Policies.ManageUnions);
        // Outside the group (as above): the group's own path with no trailing slash.
        app.MapGet("/api/officer/unions", BrowseUnions.Children).WithTags("工会组织").RequireAuthorization(Policies.ManageUnions)
            .Validate<BrowseUnions.ChildrenQuery>().WithSummary("工会组织树：某工会的下级工会（不带 parentId 时为本人所在工会），含会员、待审入会申请、干部账号数");
        app.MapPost("/api/officer/unions", CreateUnion.Handle).WithTags("工会组织").RequireAuthorization(Policies.ManageUnions)
            .Validate<CreateUnion.Request>().WithSummary("在管辖范围内新建工会（以统一社会信用代码为工会代码）");
        tree.MapGet("/search", BrowseUnions.Search).Validate<BrowseUnions.SearchQuery>().WithSummary("在管辖范围内按名称或代码查找工会，并给出其在组织树中的位置");
        tree.MapGet("/{id:guid}", BrowseUnions.Get).WithSummary("工会详情（含上级路径和统计）");
        tree.MapPut("/{id:guid}", EditUnion.Handle).Validate<EditUnion.Request>().WithSummary("修改工会名称和联系方式");
        tree.MapPost("/{id:guid}/move", MoveUnion.Handle).Validate<MoveUnion.Request>()
            .WithSummary("调整上级工会：连同全部下级一起移动（一个事务），管辖范围和待办申请随之转移");
        tree.MapPost("/{id:guid}/close", CloseUnion.Handle).Validate<CloseUnion.Request>()
            .WithSummary("撤销或合并工会：须无下级工会；会员随之转入接收工会（每人一条会籍转移记录），待审入会申请转入或退回，该工会干部账号停用");
        return app;
    }
}

/// <summary>Finds unions that accept members: an enterprise's union, or a regional/industry union for workers whose employer has none.</summary>
public static class SearchUnions
{
    public sealed record Query(string? Keyword, string? RegionCode, JoinChannel? Channel, int Page = 1, int PageSize = 20);

    public sealed record Item(Guid Id, string Code, string Name, UnionKind Kind, JoinChannel Channel, string RegionCode, string? PrefectureName, string? ParentName, string? Address);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Keyword).MaximumLength(50).WithName("关键字");
            RuleFor(q => q.RegionCode).Matches(@"^\d{2,6}$").When(q => q.RegionCode is not null).WithMessage("地区代码应为 2–6 位数字").WithName("地区代码");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 50).WithName("每页条数");
        }
    }

    public static async Task<Ok<PagedResult<Item>>> Handle([AsParameters] Query query, AppDbContext db, CancellationToken ct)
    {
        var unions = db.Unions.AsNoTracking().Where(u => u.AcceptsMembers && u.ClosedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            unions = unions.Where(u => u.Name.Contains(query.Keyword.Trim()));
        }

        if (query.RegionCode is not null)
        {
            unions = unions.Where(u => u.RegionCode.StartsWith(query.RegionCode));
        }

        unions = query.Channel switch
        {
            JoinChannel.EmployerUnion => unions.Where(u => u.Kind == UnionKind.Grassroots || u.Kind == UnionKind.Joint),
            JoinChannel.RegionalUnion => unions.Where(u => u.Kind == UnionKind.Regional || u.Kind == UnionKind.Industry),
            _ => unions,
        };

        var total = await unions.CountAsync(ct);
        var page = await unions.OrderBy(u => u.Code)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(u => new { Union = u, ParentName = db.Unions.Where(p => p.Id == u.ParentId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var items = page.Select(x => new Item(
            x.Union.Id, x.Union.Code, x.Union.Name, x.Union.Kind,
            x.Union.Serves(JoinChannel.EmployerUnion) ? JoinChannel.EmployerUnion : JoinChannel.RegionalUnion,
            x.Union.RegionCode, YunnanRegions.PrefectureName(x.Union.PrefectureCode), x.ParentName, x.Union.Address)).ToList();
        return TypedResults.Ok(new PagedResult<Item>(items, query.Page, query.PageSize, total));
    }
}
