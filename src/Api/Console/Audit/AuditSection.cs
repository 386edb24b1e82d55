using System.Globalization;
using System.Text.RegularExpressions;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Audit;

/// <summary>
/// 操作记录: the audit trail (<see cref="AuditRecord"/>) of the officer's subtree, newest first, filtered by action, Beijing
/// date and acting officer. Which records an officer sees:
/// <list type="number">
/// <item><b>Subtree.</b> Every audit record is written with the union it belongs to (<see cref="AuditRecord.UnionId"/>):
/// the union applied to (membership application, subsidy application), the destination union (transfer), the organising
/// union (training course, session, enrolment, certificate; quiz campaign), the owning union (quiz question, subsidy
/// programme), the officer's union (officer accounts). A record is shown only when that union is the officer's own or
/// below it (<see cref="OfficerScope.UnionsWithin"/>). A record without a union (none is written so today) is shown to
/// nobody here, since it cannot be placed in a subtree.</item>
/// <item><b>Area.</b> Inside the subtree, the actions of an area need that area's permission, the one its pages need:
/// <c>membership.*</c> ReviewMembership, <c>subsidies.*</c> ReviewSubsidies, ManageSubsidies or Finance, <c>training.*</c>
/// ManageTraining, <c>quiz.*</c> ManageQuiz, <c>identity.*</c> and anything else ManageOfficers. An officer always sees
/// their own actions. So a quiz organiser does not read who was refused membership and why.</item>
/// </list>
/// Guarded by <see cref="Policies.Officer"/> (every officer may account for what happened in their area) plus the two
/// filters above, rather than a new policy. Personal data is masked: workers appear by masked name, ID and phone numbers
/// inside a reason are masked.
/// </summary>
public sealed partial class AuditSection : IConsoleSection
{
    public const string Path = ConsoleSetup.BasePath + "/audit";

    /// <summary>The whitelisted sort keys: 时间 (the default, newest first) and 操作.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["at", "action"];

    /// <summary>The filters' names as the page shows them, for the export's audit record.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["action"] = "操作", ["union"] = "所属工会", ["from"] = "日期（起）", ["to"] = "日期（止）", ["q"] = "关键词", ["officer"] = "操作干部",
        ["sort:at"] = "时间", ["sort:action"] = "操作",
    };

    public ConsoleNavItem Nav { get; } = new("操作记录", Path, Policies.Officer, 90);

    public sealed record Row(
        DateTime At, string Action, string ActionText, string EntityText, string? EntityLink, string Actor, string? UnionName, string? FromState,
        string? ToState, string? Reason);

    public void Map(RouteGroupBuilder console)
    {
        var group = console.MapGroup("/audit").RequireAuthorization(Policies.Officer);
        group.MapGet("/", List);
        group.MapGet("/export", Export);
    }

    private static async Task<IResult> List(HttpContext http, OfficerContext me, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var table = TableQuery.Read(http.Request, Path, SortKeys, "action", "officer");
        var visible = Visible(db, scope, me, http.User);
        var actions = await visible.Select(r => r.Action).Distinct().ToListAsync(ct);
        var records = await FilterAsync(visible, table, me, db, scope, ct);
        var total = table.Errors.Count > 0 ? 0 : await records.CountAsync(ct);
        var pageRecords = table.Errors.Count > 0 ? [] : await Sorted(records, table).Skip((table.Page - 1) * table.PageSize).Take(table.PageSize).ToListAsync(ct);
        return ConsolePages.Render(new AuditPage.Data
        {
            Table = table, Result = new PagedResult<Row>(await RowsAsync(db, pageRecords, ct), table.Page, table.PageSize, total),
            Actions = [.. actions.Select(a => new DataTable.Option(a, AuditNames.Action(a))).OrderBy(a => a.Value, StringComparer.Ordinal)],
            Unions = await TableExport.UnionOptionsAsync(db, scope, me, membersOnly: false, ct),
        }, table.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>The filtered trail as XLSX: the page's columns, masked as the page shows them, capped, and itself audited.</summary>
    private static async Task<IResult> Export(HttpContext http, OfficerContext me, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var table = TableQuery.Read(http.Request, Path, SortKeys, "action", "officer");
        if (table.Errors.Count > 0)
        {
            throw DomainException.BadRequest("validation.failed", string.Join("；", table.Errors));
        }

        var records = await FilterAsync(Visible(db, scope, me, http.User), table, me, db, scope, ct);
        var unions = (await TableExport.UnionOptionsAsync(db, scope, me, membersOnly: false, ct)).ToDictionary(u => u.Id, u => u.Name);
        return await TableExport.XlsxAsync(db, me, time, "操作记录", "audit.records.exported",
            Describe(table, unions), await records.CountAsync(ct),
            ["时间", "操作", "对象", "操作人", "所属工会", "状态变化", "说明"],
            async () =>
            {
                var all = await Sorted(records, table).Take(TableQuery.ExportLimit).ToListAsync(ct);
                return [.. (await RowsAsync(db, all, ct)).Select(r => (IReadOnlyList<string>)
                    [ConsoleFormat.Time(r.At), r.ActionText, r.EntityText, r.Actor, r.UnionName ?? "", StateChange(r) ?? "", r.Reason ?? ""])];
            }, ct);
    }

    /// <summary>The filters in Chinese for the export's audit record: the action by its name, the union by its name.</summary>
    private static string Describe(TableQuery table, IReadOnlyDictionary<Guid, string> unions) =>
        table.Describe(Labels, u => unions.GetValueOrDefault(u)) is var text && table["action"] is { } action
            ? text.Replace("操作：" + action, "操作：" + AuditNames.Action(action), StringComparison.Ordinal)
            : text;

    /// <summary>"待审核 → 已通过", or null when the record changed no state.</summary>
    public static string? StateChange(Row r) =>
        r.FromState is null && r.ToState is null ? null
            : TreePath().Replace($"{AuditNames.State(r.FromState) ?? "—"} → {AuditNames.State(r.ToState) ?? "—"}", "");

    /// <summary>A union's path in the tree as a move records it beside the name ("五华区总工会（/53/5301/530102/）"): codes, not for reading.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("（/[^（）]*/）")]
    private static partial System.Text.RegularExpressions.Regex TreePath();

    private static IOrderedQueryable<AuditRecord> Sorted(IQueryable<AuditRecord> records, TableQuery table) => (table.Sort, table.Descending) switch
    {
        ("action", false) => records.OrderBy(r => r.Action).ThenByDescending(r => r.At).ThenByDescending(r => r.Id),
        ("action", true) => records.OrderByDescending(r => r.Action).ThenByDescending(r => r.At).ThenByDescending(r => r.Id),
        ("at", false) => records.OrderBy(r => r.At).ThenBy(r => r.Id),
        _ => records.OrderByDescending(r => r.At).ThenByDescending(r => r.Id),
    };

    /// <summary>
    /// The search form's filters on the visible trail: the action, a union of the subtree (with the unions below it), the
    /// Beijing dates, the acting officer (user name or name, exactly), and a keyword found in the acting officer's name or
    /// user name or in the subject's name (a union, a course, a campaign, a subsidy programme, an officer account).
    /// </summary>
    private static async Task<IQueryable<AuditRecord>> FilterAsync(
        IQueryable<AuditRecord> records, TableQuery table, OfficerContext me, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        if (table["action"] is { } wanted)
        {
            records = records.Where(r => r.Action == wanted);
        }

        if (table.Union is { } unionId)
        {
            // Only a union of the officer's own subtree narrows the list; another one matches nothing.
            var path = await scope.UnionsWithin(me).AsNoTracking().Where(u => u.Id == unionId).Select(u => u.Path).SingleOrDefaultAsync(ct);
            var below = db.Unions.Where(u => path != null && u.Path.StartsWith(path)).Select(u => (Guid?)u.Id);
            records = records.Where(r => below.Contains(r.UnionId));
        }

        if (table.From is { } fromDay)
        {
            var start = StartUtc(fromDay);
            records = records.Where(r => r.At >= start);
        }

        if (table.To is { } toDay)
        {
            var end = StartUtc(toDay.AddDays(1));
            records = records.Where(r => r.At < end);
        }

        if (table["officer"] is { } username)
        {
            var officerIds = db.Officers.Where(o => o.Username == username || o.DisplayName == username).Select(o => (Guid?)o.Id);
            records = records.Where(r => r.ActorType == AuditTrail.Officer && officerIds.Contains(r.ActorId));
        }

        if (table.Keyword is { } keyword)
        {
            var actors = db.Officers.Where(o => o.Username.Contains(keyword) || o.DisplayName.Contains(keyword)).Select(o => (Guid?)o.Id);
            var subjects = db.Unions.Where(u => u.Name.Contains(keyword)).Select(u => u.Id)
                .Concat(db.TrainingCourses.Where(c => c.Title.Contains(keyword)).Select(c => c.Id))
                .Concat(db.QuizCampaigns.Where(c => c.Title.Contains(keyword)).Select(c => c.Id))
                .Concat(db.SubsidyPrograms.Where(p => p.Name.Contains(keyword)).Select(p => p.Id))
                .Concat(db.Officers.Where(o => o.Username.Contains(keyword) || o.DisplayName.Contains(keyword)).Select(o => o.Id));
            records = records.Where(r => (r.ActorType == AuditTrail.Officer && actors.Contains(r.ActorId)) || subjects.Contains(r.EntityId));
        }

        return records;
    }

    /// <summary>The records this officer may read: in their subtree, and of an area they hold a permission for (or their own).</summary>
    internal static IQueryable<AuditRecord> Visible(AppDbContext db, OfficerScope scope, OfficerContext me, System.Security.Claims.ClaimsPrincipal user)
    {
        bool Has(OfficerPermissions p) => user.HasClaim(Policies.PermissionClaim, p.ToString());
        var membership = Has(OfficerPermissions.ReviewMembership);
        var subsidies = Has(OfficerPermissions.ReviewSubsidies) || Has(OfficerPermissions.ManageSubsidies) || Has(OfficerPermissions.Finance);
        var training = Has(OfficerPermissions.ManageTraining);
        var quiz = Has(OfficerPermissions.ManageQuiz);
        var administrator = Has(OfficerPermissions.ManageOfficers);
        var unions = scope.UnionsWithin(me);
        var officerId = me.OfficerId;
        return db.AuditRecords.AsNoTracking()
            .Where(r => r.UnionId != null && unions.Any(u => u.Id == r.UnionId))
            .Where(r => (r.ActorType == AuditTrail.Officer && r.ActorId == officerId)
                || (membership && r.Action.StartsWith("membership."))
                || (subsidies && r.Action.StartsWith("subsidies."))
                || (training && r.Action.StartsWith("training."))
                || (quiz && r.Action.StartsWith("quiz."))
                || (administrator && !r.Action.StartsWith("membership.") && !r.Action.StartsWith("subsidies.") && !r.Action.StartsWith("training.")
                    && !r.Action.StartsWith("quiz.")));
    }

    private static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var officerIds = records.Where(r => r.ActorType == AuditTrail.Officer && r.ActorId is not null).Select(r => r.ActorId!.Value).Distinct().ToList();
        var workerIds = records.Where(r => r.ActorType == AuditTrail.Worker && r.ActorId is not null).Select(r => r.ActorId!.Value).Distinct().ToList();
        var unionIds = records.Where(r => r.UnionId is not null).Select(r => r.UnionId!.Value).Distinct().ToList();
        var officers = await db.Officers.AsNoTracking().Where(o => officerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.DisplayName}（{o.Username}）", ct);
        var workers = await db.Workers.AsNoTracking().Where(w => workerIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.RealName, ct);
        var unions = await db.Unions.AsNoTracking().Where(u => unionIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var subjects = await AuditSubjects.NamesAsync(db, records, ct);
        var reasons = await AuditSubjects.ReasonsAsync(db, records, ct);
        return [.. records.Select(r => new Row(
            r.At, r.Action, AuditNames.Action(r.Action), AuditSubjects.Text(subjects, r), Link(r),
            r.ActorType switch
            {
                AuditTrail.Officer => r.ActorId is { } o && officers.TryGetValue(o, out var name) ? "干部 " + name : "干部",
                AuditTrail.Worker => "职工 " + (r.ActorId is { } w && workers.TryGetValue(w, out var real) && real is { Length: > 0 } ? Masking.Name(real) : "（未实名）"),
                _ => "系统",
            },
            // The province union's first record keeps its code as the new state: the union is already the named subject.
            r.UnionId is { } u ? unions.GetValueOrDefault(u) : null, r.FromState, r.Action == "organizations.union.bootstrapped" ? null : r.ToState,
            MaskPersonalData(reasons(r))))];
    }

    /// <summary>Where the console shows the record's subject, for the kinds it has a page for.</summary>
    private static string? Link(AuditRecord r) => r.EntityType switch
    {
        "MembershipApplication" => $"/console/membership/{r.EntityId}",
        "SubsidyApplication" => $"/console/subsidies/{r.EntityId}",
        "TrainingCourse" => $"/console/training/courses/{r.EntityId}",
        "TrainingSession" => $"/console/training/sessions/{r.EntityId}",
        "QuizCampaign" => $"/console/quiz/campaigns/{r.EntityId}",
        _ => null,
    };

    /// <summary>Free text (a reason, a comment) may quote an ID or phone number: shown masked like everywhere else.</summary>
    public static string? MaskPersonalData(string? text) => text is null
        ? null
        : PhonePattern().Replace(IdNumberPattern().Replace(text, m => Masking.IdNumber(m.Value)), m => Masking.Phone(m.Value));

    private static DateTime StartUtc(DateOnly chinaDay) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(chinaDay.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), ChinaTime.Zone);

    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex PhonePattern();
}
