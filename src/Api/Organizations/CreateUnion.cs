using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// A new union under one of the officer's subtree. Like an imported union, its code (and path segment) is its unified social
/// credit code (<c>docs/decisions.md</c>); its region lies inside its parent's; no two open unions of one name under one
/// parent. Audited, and in the mini-program's union search at once when it takes members.
/// </summary>
public static class CreateUnion
{
    public sealed record Request(
        Guid ParentId, string Name, string CreditCode, UnionKind Kind, string RegionCode,
        string? OrganizationName = null, string? Address = null, string? ContactName = null, string? ContactPhone = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ParentId).NotEmpty().WithMessage("请选择上级工会").WithName("上级工会");
            RuleFor(r => r.Name).Must(n => n.Trim().Length > 0).WithMessage("请填写工会名称").MaximumLength(UnionSheet.MaxNameLength).WithName("工会名称");
            RuleFor(r => r.Kind).IsInEnum().NotEqual(UnionKind.Province).WithMessage("请选择州(市)、县级、基层、联合、区域性或行业工会").WithName("组织类型");
            RuleFor(r => r.CreditCode).Custom((code, context) =>
            {
                var normalised = code.Trim().ToUpperInvariant();
                if ((Domain.Organizations.CreditCode.Problem(normalised)
                    ?? (context.InstanceToValidate.Kind is UnionKind.Province || !Enum.IsDefined(context.InstanceToValidate.Kind)
                        ? null
                        : Domain.Organizations.CreditCode.UnionPrefixProblem(normalised, context.InstanceToValidate.Kind))) is { } problem)
                {
                    context.AddFailure("creditCode", "统一社会信用代码" + problem);
                }
            });
            RuleFor(r => r.RegionCode).Custom((region, context) =>
            {
                if (UnionSheet.RegionProblem(region.Trim()) is { } problem)
                {
                    context.AddFailure("regionCode", "行政区划代码：" + problem);
                }
            });
            UnionDetailsRules.Apply(this, r => r.OrganizationName, r => r.Address, r => r.ContactName, r => r.ContactPhone);
        }
    }

    public static async Task<Created<BrowseUnions.Detail>> Handle(Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var union = await CreateAsync(request, officer, db, time, ct);
        return TypedResults.Created($"/api/officer/unions/{union.Id}", await BrowseUnions.DetailAsync(union.Id, officer, db, ct));
    }

    public static async Task<Union> CreateAsync(Request request, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var code = request.CreditCode.Trim().ToUpperInvariant();
        var name = request.Name.Trim();
        var region = request.RegionCode.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await UnionTreeLock.AcquireAsync(db, ct);
        var officerUnion = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        var parent = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.ParentId, ct)
            ?? throw DomainException.NotFound("organizations.union.parent_not_found", "所选上级工会不存在，或不在您的管辖范围内");
        UnionTreeRules.EnsureCanBeParent(officerUnion, parent);
        UnionTreeRules.EnsureRegionFits(region, parent);
        if (await db.Unions.AnyAsync(u => u.Code == code || u.CreditCode == code, ct))
        {
            throw DomainException.Conflict("organizations.union.code_taken", $"统一社会信用代码为 {code} 的工会已在系统中");
        }

        await EnsureNameFreeAsync(db, parent.Id, name, null, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var union = new Union
        {
            Id = Guid.CreateVersion7(), Code = code, CreditCode = code, Name = name, Kind = request.Kind, ParentId = parent.Id,
            Path = Union.ChildPath(parent.Path, code), Depth = parent.Depth + 1, RegionCode = region, PrefectureCode = Union.PrefectureOf(region),
            AcceptsMembers = Union.KindAcceptsMembers(request.Kind), OrganizationName = Blank(request.OrganizationName), Address = Blank(request.Address),
            ContactName = Blank(request.ContactName), ContactPhone = Blank(request.ContactPhone), CreatedAt = now,
        };
        db.Unions.Add(union);
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), union.Id, "organizations.union.created",
            to: $"{union.Name}（{UnionSheet.KindText(union.Kind)}，上级：{parent.Name}）", reason: union.Code, unionId: union.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("organizations.union.code_taken", $"统一社会信用代码为 {code} 的工会已在系统中");
        }

        await transaction.CommitAsync(ct);
        return union;
    }

    /// <summary>No two open unions of one name under one parent (the import's rule too).</summary>
    internal static async Task EnsureNameFreeAsync(AppDbContext db, Guid parentId, string name, Guid? except, CancellationToken ct)
    {
        if (await db.Unions.AnyAsync(u => u.ParentId == parentId && u.Name == name && u.ClosedAt == null && u.Id != except, ct))
        {
            throw DomainException.Conflict("organizations.union.name_taken", $"同一上级工会下已有名为“{name}”的工会");
        }
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The optional descriptive fields a union's create and edit forms share.</summary>
internal static class UnionDetailsRules
{
    public static void Apply<T>(
        AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> organization, System.Linq.Expressions.Expression<Func<T, string?>> address,
        System.Linq.Expressions.Expression<Func<T, string?>> contact, System.Linq.Expressions.Expression<Func<T, string?>> phone)
    {
        validator.RuleFor(organization).MaximumLength(UnionSheet.MaxNameLength).WithName("所在单位名称");
        validator.RuleFor(address).MaximumLength(200).WithName("地址");
        validator.RuleFor(contact).MaximumLength(32).WithName("联系人");
        validator.RuleFor(phone).Must(p => string.IsNullOrWhiteSpace(p) || UnionSheet.PhoneProblem(p.Trim()) is null)
            .WithMessage("联系电话应为 11 位手机号，或区号-号码（如 0871-12345678）").WithName("联系电话");
    }
}
