using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>
/// The register of the officer's subtree (会员名册): active members, joined through the service or imported, claimed or not.
/// The name, ID number and phone come from the member's profile once a worker holds the membership, from the register's
/// own encrypted copy before; either way masked the same.
/// </summary>
public static class MemberRoster
{
    /// <param name="Keyword">Part of the member's name.</param>
    /// <param name="Unclaimed">true: only imported members nobody has claimed yet; false: only members with an account.</param>
    /// <param name="Phone">The full 11-digit phone number, matched through its keyed hash (the number itself is stored encrypted).</param>
    /// <param name="Number">The membership number or the old card number (原会员证号), whole or its start.</param>
    /// <param name="JoinedFrom">Joined on or after this day (yyyy-MM-dd).</param>
    /// <param name="JoinedTo">Joined on or before this day (yyyy-MM-dd).</param>
    /// <param name="Sort">joinedOn, number, name or union; a leading "-" sorts descending. Newest joined first when absent.</param>
    public sealed record Query(
        Guid? UnionId, string? Keyword, bool? Unclaimed, int Page = 1, int PageSize = 20, string? Phone = null, string? Number = null,
        string? JoinedFrom = null, string? JoinedTo = null, string? Sort = null);

    public static readonly IReadOnlyList<string> SortKeys = ["joinedOn", "number", "name", "union"];

    public sealed record Item(
        Guid Id, string MembershipNumber, string? ExternalNumber, string Name, string IdNumberMasked, string PhoneMasked, MyApplications.UnionRef Union,
        DateOnly JoinedOn, MemberSource Source, bool Claimed);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Keyword).MaximumLength(20).WithName("姓名");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).WithName("每页条数");
            RuleFor(q => q.Phone).Matches(@"^1[3-9]\d{9}$").WithMessage("请输入完整的 11 位手机号").WithName("手机号");
            RuleFor(q => q.Number).MaximumLength(40).WithName("会员号");
            RuleFor(q => q.JoinedFrom).Must(BeDay).WithMessage("入会日期（起）应为“年-月-日”，如 2026-11-21");
            RuleFor(q => q.JoinedTo).Must(BeDay).WithMessage("入会日期（止）应为“年-月-日”，如 2026-11-21");
            RuleFor(q => q.Sort).Must(s => s is null || SortKeys.Contains(s.TrimStart('-'))).WithMessage("不支持该排序方式").WithName("排序");
        }

        private static bool BeDay(string? text) => text is null || ChinaTime.ParseDay(text) is not null;
    }

    public static async Task<Ok<PagedResult<Item>>> List(
        [AsParameters] Query query, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(query, await scope.ForAsync(http.User, ct), db, scope, protector, ct));

    public static async Task<PagedResult<Item>> ListAsync(Query query, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, CancellationToken ct)
    {
        var unionIds = await scope.UnionIdsWithinAsync(officer, ct);
        if (query.UnionId is { } unionId)
        {
            unionIds = unionIds.Contains(unionId) ? [unionId] : [];
        }

        var members = db.Members.AsNoTracking().Where(m => m.Status == MembershipStatus.Active && unionIds.Contains(m.UnionId));
        if (query.Unclaimed is { } unclaimed)
        {
            members = unclaimed ? members.Where(m => m.WorkerId == null) : members.Where(m => m.WorkerId != null);
        }

        if (!string.IsNullOrWhiteSpace(query.Phone))
        {
            var phoneHash = protector.LookupHash(query.Phone.Trim());
            members = members.Where(m => m.PhoneHash == phoneHash);
        }

        if (!string.IsNullOrWhiteSpace(query.Number))
        {
            var number = query.Number.Trim();
            members = members.Where(m => m.Number.StartsWith(number) || (m.ExternalNumber != null && m.ExternalNumber.StartsWith(number)));
        }

        if (ChinaTime.ParseDay(query.JoinedFrom) is { } from)
        {
            members = members.Where(m => m.JoinedOn >= from);
        }

        if (ChinaTime.ParseDay(query.JoinedTo) is { } to)
        {
            members = members.Where(m => m.JoinedOn <= to);
        }

        var rows = members.Select(m => new
        {
            Member = m,
            Worker = db.Workers.Where(w => w.Id == m.WorkerId).Select(w => new { w.RealName, w.IdNumberCipher, w.PhoneCipher }).FirstOrDefault(),
            UnionName = db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Name).Single(),
        });
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var keyword = query.Keyword.Trim();
            rows = rows.Where(r => (r.Member.RegisteredName != null && r.Member.RegisteredName.Contains(keyword))
                || (r.Worker != null && r.Worker.RealName != null && r.Worker.RealName.Contains(keyword)));
        }

        var total = await rows.CountAsync(ct);
        var descending = query.Sort?.StartsWith('-') ?? true;
        var ordered = (query.Sort?.TrimStart('-') ?? "joinedOn") switch
        {
            "number" => descending ? rows.OrderByDescending(r => r.Member.Number) : rows.OrderBy(r => r.Member.Number),
            "name" => descending ? rows.OrderByDescending(r => r.Worker != null ? r.Worker.RealName : r.Member.RegisteredName)
                : rows.OrderBy(r => r.Worker != null ? r.Worker.RealName : r.Member.RegisteredName),
            "union" => descending ? rows.OrderByDescending(r => r.UnionName) : rows.OrderBy(r => r.UnionName),
            _ => descending ? rows.OrderByDescending(r => r.Member.JoinedOn) : rows.OrderBy(r => r.Member.JoinedOn),
        };
        var page = await ordered.ThenBy(r => r.Member.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var items = page.Select(r => new Item(
            r.Member.Id, r.Member.Number, r.Member.ExternalNumber, r.Worker?.RealName ?? r.Member.RegisteredName ?? "",
            Masking.IdNumber(protector.UnprotectOrNull(r.Worker?.IdNumberCipher ?? r.Member.IdNumberCipher)),
            Masking.Phone(protector.UnprotectOrNull(r.Worker?.PhoneCipher ?? r.Member.PhoneCipher)),
            new MyApplications.UnionRef(r.Member.UnionId, r.UnionName), r.Member.JoinedOn, r.Member.Source, r.Member.WorkerId is not null)).ToList();
        return new PagedResult<Item>(items, query.Page, query.PageSize, total);
    }
}
