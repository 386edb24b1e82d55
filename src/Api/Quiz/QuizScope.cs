using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Quiz;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>Where a worker stands for the quiz: their member union (if any) and the county their profile names.</summary>
public sealed record WorkerPlace(Guid WorkerId, string? RealName, string? CountyCode, Guid? UnionId, string? UnionPath, string? PrefectureCode);

/// <summary>
/// Who sees which questions and campaigns. An officer edits the questions owned inside their subtree and may also use
/// (read-only) those owned by the unions above them, so the province's bank serves every city. Campaigns belong to
/// their organising union: an officer manages those organised inside their subtree. Outside it, everything is 404.
/// </summary>
public static class QuizScope
{
    /// <summary>The paths of a union and of every union above it: <c>/53/5301/</c> → <c>/53/</c>, <c>/53/5301/</c>.</summary>
    public static IReadOnlyList<string> SelfAndAncestors(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(1, parts.Length).Select(n => "/" + string.Join('/', parts.Take(n)) + "/")];
    }

    /// <summary>Questions an officer may see: owned in their subtree or by a union above them.</summary>
    public static IQueryable<QuizQuestion> VisibleQuestions(AppDbContext db, OfficerContext officer)
    {
        var above = SelfAndAncestors(officer.UnionPath);
        return db.QuizQuestions.Where(q => db.Unions.Any(u => u.Id == q.OwnerUnionId && (u.Path.StartsWith(officer.UnionPath) || above.Contains(u.Path))));
    }

    /// <summary>Questions a campaign organised by a union at <paramref name="organizerPath"/> may draw: active, owned there, below or above.</summary>
    public static IQueryable<QuizQuestion> PoolQuestions(AppDbContext db, string organizerPath)
    {
        var above = SelfAndAncestors(organizerPath);
        return db.QuizQuestions.Where(q => !q.IsArchived && db.Unions.Any(u => u.Id == q.OwnerUnionId && (u.Path.StartsWith(organizerPath) || above.Contains(u.Path))));
    }

    public static async Task<(QuizQuestion Question, Union Owner)> EditableQuestionAsync(AppDbContext db, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.QuizQuestions.Where(q => q.Id == id)
            .Select(q => new { Question = q, Owner = db.Unions.Single(u => u.Id == q.OwnerUnionId) })
            .SingleOrDefaultAsync(ct);
        return found is not null && officer.Covers(found.Owner)
            ? (found.Question, found.Owner)
            : throw QuestionNotFound();
    }

    public static async Task<QuizCampaign> CampaignInScopeAsync(AppDbContext db, OfficerContext officer, Guid id, CancellationToken ct, bool track = true)
    {
        var campaigns = track ? db.QuizCampaigns : db.QuizCampaigns.AsNoTracking();
        return await campaigns.Where(c => c.Id == id && db.Unions.Any(u => u.Id == c.OrganizerUnionId && u.Path.StartsWith(officer.UnionPath)))
            .SingleOrDefaultAsync(ct) ?? throw CampaignNotFound();
    }

    /// <summary>
    /// Region codes an officer may address: their own area and below (the province officer any code of Yunnan).
    /// A county union addresses its county; a prefecture union its prefecture.
    /// </summary>
    public static string RegionPrefix(Union union) => union.Kind switch
    {
        UnionKind.Province => YunnanRegions.ProvinceCode,
        UnionKind.Prefecture => union.PrefectureCode,
        _ => union.RegionCode,
    };

    /// <summary>
    /// One row by primary key with scalar subqueries through the unique index of active members (a join on a "first
    /// membership" subquery made PostgreSQL number every active member and every union on each call).
    /// </summary>
    public static async Task<WorkerPlace> WorkerPlaceAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        var membership = ActiveMembership(db, workerId);
        var row = await db.Workers.AsNoTracking().Where(w => w.Id == workerId)
            .Select(w => new
            {
                w.RealName,
                w.CountyCode,
                UnionId = membership.Select(m => (Guid?)m.UnionId).FirstOrDefault(),
                UnionPath = membership.Join(db.Unions, m => m.UnionId, u => u.Id, (m, u) => u.Path).FirstOrDefault(),
                UnionPrefecture = membership.Join(db.Unions, m => m.UnionId, u => u.Id, (m, u) => u.PrefectureCode).FirstOrDefault(),
            })
            .SingleAsync(ct);
        return Place(workerId, row.RealName, row.CountyCode, row.UnionId, row.UnionPath, row.UnionPrefecture);
    }

    /// <summary>The worker's active membership (at most one: a unique index holds it).</summary>
    public static IQueryable<Member> ActiveMembership(AppDbContext db, Guid workerId) =>
        db.Members.Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active);

    /// <summary>The prefecture is the member union's, else the one of the county the profile names.</summary>
    public static WorkerPlace Place(Guid workerId, string? realName, string? countyCode, Guid? unionId, string? unionPath, string? unionPrefecture) =>
        new(workerId, realName, countyCode, unionId, unionId is null ? null : unionPath,
            unionId is null ? (countyCode is { Length: 6 } county ? county[..4] : null) : unionPrefecture);

    public static DomainException QuestionNotFound() => DomainException.NotFound("quiz.question_not_found", "未找到该题目，或不在您的管辖范围内");

    public static DomainException CampaignNotFound() => DomainException.NotFound("quiz.campaign_not_found", "未找到该竞答活动，或不在您的管辖范围内");
}
