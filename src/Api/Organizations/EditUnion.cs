using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Organizations;

/// <summary>
/// Renames a union of the officer's subtree or corrects how it is reached (所在单位、地址、联系人、联系电话). The code, kind
/// and place in the tree are not edited here (a move is <see cref="MoveUnion"/>). Each change is audited with its before
/// and after; the mini-program's search shows the new name at once.
/// </summary>
public static class EditUnion
{
    public sealed record Request(string Name, string? OrganizationName = null, string? Address = null, string? ContactName = null, string? ContactPhone = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).Must(n => n.Trim().Length > 0).WithMessage("请填写工会名称").MaximumLength(UnionSheet.MaxNameLength).WithName("工会名称");
            UnionDetailsRules.Apply(this, r => r.OrganizationName, r => r.Address, r => r.ContactName, r => r.ContactPhone);
        }
    }

    public static async Task<Ok<BrowseUnions.Detail>> Handle(Guid id, Request request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        await EditAsync(id, request, officer, db, time, ct);
        return TypedResults.Ok(await BrowseUnions.DetailAsync(id, officer, db, ct));
    }

    /// <summary>Returns whether anything changed.</summary>
    public static async Task<bool> EditAsync(Guid id, Request request, OfficerContext officer, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var union = await db.Unions.SingleOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(officer.UnionPath), ct) ?? throw UnionTreeRules.NotFound();
        var officerUnion = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        UnionTreeRules.EnsureCanChange(officerUnion, union);
        var name = request.Name.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        var changed = false;
        if (name != union.Name)
        {
            await CreateUnion.EnsureNameFreeAsync(db, union.ParentId!.Value, name, union.Id, ct);
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), union.Id, "organizations.union.renamed", union.Name, name, unionId: union.Id);
            union.Name = name;
            changed = true;
        }

        var fields = new List<string>();
        void Set(string label, string? before, string? after, Action<string?> assign)
        {
            if (before != after)
            {
                fields.Add($"{label}：{before ?? "（空）"} → {after ?? "（空）"}");
                assign(after);
            }
        }

        Set("所在单位名称", union.OrganizationName, CreateUnion.Blank(request.OrganizationName), v => union.OrganizationName = v);
        Set("地址", union.Address, CreateUnion.Blank(request.Address), v => union.Address = v);
        Set("联系人", union.ContactName, CreateUnion.Blank(request.ContactName), v => union.ContactName = v);
        Set("联系电话", union.ContactPhone, CreateUnion.Blank(request.ContactPhone), v => union.ContactPhone = v);
        if (fields.Count > 0)
        {
            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(Union), union.Id, "organizations.union.updated", reason: string.Join("；", fields), unionId: union.Id);
            changed = true;
        }

        if (changed)
        {
            await db.SaveChangesAsync(ct);
        }

        return changed;
    }
}
