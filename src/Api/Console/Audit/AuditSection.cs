using System.Globalization;
using System.Text.RegularExpressions;
using Changai.Api.Infrastructure.Security;
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
    public const int PageSize = 50;

    public ConsoleNavItem Nav { get; } = new("操作记录", ConsoleSetup.BasePath + "/audit", Policies.Officer, 90);

    public sealed record Query(string? Action, string? From, string? To, string? Officer, int Page);

    public sealed record Row(
        DateTime At, string Action, string ActionText, string EntityText, string? EntityLink, string Actor, string? UnionName, string? FromState,
        string? ToState, string? Reason);

    public void Map(RouteGroupBuilder console) => console.MapGroup("/audit").RequireAuthorization(Policies.Officer).MapGet("/", List);

    private static async Task<IResult> List(
        HttpContext http, OfficerContext me, AppDbContext db, OfficerScope scope, CancellationToken ct, string? action, string? from, string? to, string? officer,
        int page = 1)
    {
        var query = new Query(action?.Trim() is { Length: > 0 } a ? a : null, from?.Trim() is { Length: > 0 } f ? f : null,
            to?.Trim() is { Length: > 0 } t ? t : null, officer?.Trim() is { Length: > 0 } o ? o : null, Math.Max(page, 1));
        var visible = Visible(db, scope, me, http.User);
        var actions = await visible.Select(r => r.Action).Distinct().ToListAsync(ct);

        var errors = new List<string>();
        var records = visible;
        if (query.Action is { } wanted)
        {
            records = records.Where(r => r.Action == wanted);
        }

        if (Day(query.From, "起始日期", errors) is { } fromDay)
        {
            var start = StartUtc(fromDay);
            records = records.Where(r => r.At >= start);
        }

        if (Day(query.To, "截止日期", errors) is { } toDay)
        {
            var end = StartUtc(toDay.AddDays(1));
            records = records.Where(r => r.At < end);
        }

        if (query.Officer is { } username)
        {
            var officerIds = db.Officers.Where(o => o.Username == username || o.DisplayName == username).Select(o => (Guid?)o.Id);
            records = records.Where(r => r.ActorType == AuditTrail.Officer && officerIds.Contains(r.ActorId));
        }

        var total = errors.Count > 0 ? 0 : await records.CountAsync(ct);
        var pageRecords = errors.Count > 0 ? [] : await records.OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Skip((query.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var rows = await RowsAsync(db, pageRecords, ct);
        return ConsolePages.Render(new AuditPage.Data
        {
            Query = query, Result = new PagedResult<Row>(rows, query.Page, PageSize, total), Error = errors.Count > 0 ? string.Join("；", errors) : null,
            Actions = (IReadOnlyList<string>)[.. actions.OrderBy(x => x, StringComparer.Ordinal)],
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
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
            r.UnionId is { } u ? unions.GetValueOrDefault(u) : null, r.FromState, r.ToState, MaskPersonalData(reasons(r))))];
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

    private static DateOnly? Day(string? text, string label, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add($"{label}应为“年-月-日”，如 2026-11-21");
        return null;
    }

    private static DateTime StartUtc(DateOnly chinaDay) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(chinaDay.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), ChinaTime.Zone);

    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex PhonePattern();
}
