using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// What organisers report upward: participants by prefecture and by union (with the participation rate, participants ÷
/// members), attempts per day, and the correct rate of each question; each table also as CSV (UTF-8 with BOM for Excel).
/// </summary>
public static class CampaignFigures
{
    public sealed record PrefectureRow(string Code, string Name, int Participants, int Attempts, int Flagged);

    public sealed record UnionRow(Guid UnionId, string Code, string Name, int Participants, int Members, double? ParticipationRate, double? AverageScore);

    public sealed record DayRow(DateOnly Date, int Started, int Submitted);

    public sealed record QuestionRow(Guid QuestionId, string Code, string Stem, int Answered, int Correct, double? CorrectRate);

    public sealed record View(
        Guid CampaignId, string Title, int Participants, int Attempts, int Submitted, int Flagged, double? AverageScore, int PerfectScores,
        IReadOnlyList<PrefectureRow> ByPrefecture, IReadOnlyList<UnionRow> ByUnion, IReadOnlyList<DayRow> AttemptsPerDay, IReadOnlyList<QuestionRow> Questions);

    public sealed record ExportQuery(string Table = "unions");

    public sealed class ExportValidator : AbstractValidator<ExportQuery>
    {
        public ExportValidator() => RuleFor(q => q.Table).Must(t => t is "prefectures" or "unions" or "days" or "questions")
            .WithMessage("表格只能是 prefectures、unions、days 或 questions").WithName("表格");
    }

    public static async Task<Ok<View>> Get(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await GetAsync(id, await scope.ForAsync(http.User, ct), db, ct));

    public static async Task<View> GetAsync(Guid id, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct, track: false);
        return await ComputeAsync(db, campaign, ct);
    }

    public static async Task<FileContentHttpResult> Export(
        Guid id, [AsParameters] ExportQuery query, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        await ExportAsync(id, query, await scope.ForAsync(http.User, ct), db, ct);

    public static async Task<FileContentHttpResult> ExportAsync(Guid id, ExportQuery query, OfficerContext officer, AppDbContext db, CancellationToken ct)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct, track: false);
        var figures = await ComputeAsync(db, campaign, ct);
        static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";
        static string Number(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";
        IEnumerable<IReadOnlyList<string>> rows = query.Table switch
        {
            "prefectures" => [["州市代码", "州市", "参与人数", "答题次数", "异常答卷"], .. figures.ByPrefecture.Select(r => (IReadOnlyList<string>)[r.Code, r.Name, I(r.Participants), I(r.Attempts), I(r.Flagged)])],
            "days" => [["日期", "开始答题次数", "交卷次数"], .. figures.AttemptsPerDay.Select(r => (IReadOnlyList<string>)[r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), I(r.Started), I(r.Submitted)])],
            "questions" => [["编号", "题干", "作答次数", "答对次数", "正确率"], .. figures.Questions.Select(r => (IReadOnlyList<string>)[r.Code, r.Stem, I(r.Answered), I(r.Correct), Percent(r.CorrectRate)])],
            _ => [["工会代码", "工会", "参与人数", "会员人数", "参与率", "平均分"], .. figures.ByUnion.Select(r => (IReadOnlyList<string>)[r.Code, r.Name, I(r.Participants), I(r.Members), Percent(r.ParticipationRate), Number(r.AverageScore)])],
        };
        return TypedResults.File(Csv.Write(rows), Csv.ContentType, $"{campaign.Title}-{query.Table}.csv");
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static async Task<View> ComputeAsync(AppDbContext db, QuizCampaign campaign, CancellationToken ct)
    {
        var attempts = db.QuizAttempts.AsNoTracking().Where(a => a.CampaignId == campaign.Id);
        var submitted = attempts.Where(a => a.Status == AttemptStatus.Submitted);
        var participants = await submitted.Select(a => a.WorkerId).Distinct().CountAsync(ct);
        var tally = await AttemptTally.OfAsync(attempts, ct);

        var byPrefecture = await submitted.GroupBy(a => a.PrefectureCode)
            .Select(g => new { Code = g.Key, Participants = g.Select(a => a.WorkerId).Distinct().Count(), Attempts = g.Count() }).ToListAsync(ct);
        var flaggedByPrefecture = await AttemptTally.ByAsync(attempts, a => a.PrefectureCode ?? "", ct);

        var days = await attempts.GroupBy(a => a.ChinaDay)
            .Select(g => new DayRow(g.Key, g.Count(), g.Count(a => a.Status == AttemptStatus.Submitted))).ToListAsync(ct);

        var questions = await QuestionTalliesAsync(db, campaign.Id, ct);
        var questionIds = questions.Select(q => q.QuestionId).ToList();
        var questionInfo = await db.QuizQuestions.AsNoTracking().Where(q => questionIds.Contains(q.Id))
            .Join(db.QuizQuestionVersions, q => q.CurrentVersionId, v => v.Id, (q, v) => new { q.Id, q.Code, v.Stem }).ToDictionaryAsync(q => q.Id, ct);

        var entries = db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaign.Id);
        var scores = await entries.GroupBy(e => 1).Select(g => new { Average = g.Average(e => (double)e.Score), Perfect = g.Count(e => e.Score == 100) })
            .SingleOrDefaultAsync(ct);

        return new View(
            campaign.Id, campaign.Title, participants, tally.Started, tally.Submitted, tally.Flagged, scores?.Average, scores?.Perfect ?? 0,
            [.. byPrefecture.OrderByDescending(p => p.Participants).ThenBy(p => p.Code)
                .Select(p => new PrefectureRow(p.Code ?? "", p.Code is null ? "未知" : YunnanRegions.PrefectureName(p.Code) ?? p.Code, p.Participants, p.Attempts,
                    flaggedByPrefecture.GetValueOrDefault(p.Code ?? "")?.Flagged ?? 0))],
            await UnionStandingsAsync(db, campaign, ct),
            [.. days.OrderBy(d => d.Date)],
            [.. questions.Select(q => new QuestionRow(q.QuestionId, questionInfo.GetValueOrDefault(q.QuestionId)?.Code ?? "", questionInfo.GetValueOrDefault(q.QuestionId)?.Stem ?? "",
                q.Answered, q.Correct, q.Answered == 0 ? null : (double)q.Correct / q.Answered)).OrderBy(q => q.CorrectRate).ThenBy(q => q.Code, StringComparer.Ordinal)]);
    }

    /// <summary>One question's answers across a campaign's submitted attempts.</summary>
    internal sealed record QuestionTally(string QuestionId, int Answered, int Correct);

    /// <summary>
    /// Answers and right answers per question, from the questions each submitted attempt keeps inline (its JSON array),
    /// expanded and counted by the database (jsonb_array_elements / json_each): one pass over the campaign's attempts.
    /// </summary>
    private static async Task<List<(Guid QuestionId, int Answered, int Correct)>> QuestionTalliesAsync(AppDbContext db, Guid campaignId, CancellationToken ct)
    {
        var rows = db.IsPostgres
            ? await db.Database.SqlQueryRaw<QuestionTally>("""
                SELECT q->>'QuestionId' AS "QuestionId", count(*)::int AS "Answered", (count(*) FILTER (WHERE (q->>'IsCorrect')::boolean))::int AS "Correct"
                FROM "QuizAttempts" a CROSS JOIN LATERAL jsonb_array_elements(a."Questions") q
                WHERE a."CampaignId" = {0} AND a."Status" = 'Submitted'
                GROUP BY 1
                """, campaignId).ToListAsync(ct)
            : await db.Database.SqlQueryRaw<QuestionTally>("""
                SELECT json_extract(q.value, '$.QuestionId') AS "QuestionId", count(*) AS "Answered",
                       sum(CASE WHEN json_extract(q.value, '$.IsCorrect') = 1 THEN 1 ELSE 0 END) AS "Correct"
                FROM "QuizAttempts" a, json_each(a."Questions") q
                WHERE a."CampaignId" = {0} AND a."Status" = 'Submitted'
                GROUP BY 1
                """, campaignId.ToString().ToUpperInvariant()).ToListAsync(ct);
        return [.. rows.GroupBy(r => Guid.Parse(r.QuestionId)).Select(g => (g.Key, g.Sum(r => r.Answered), g.Sum(r => r.Correct)))];
    }

    /// <summary>
    /// Unions ranked by participation rate (ranked participants ÷ active members), then average counted score, then code:
    /// the member unions of the audience subtree, even with nobody taking part yet, and the unions of any participant.
    /// </summary>
    internal static async Task<IReadOnlyList<UnionRow>> UnionStandingsAsync(AppDbContext db, QuizCampaign campaign, CancellationToken ct)
    {
        var participants = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaign.Id && e.UnionId != null)
            .GroupBy(e => e.UnionId!.Value).Select(g => new { UnionId = g.Key, Count = g.Count(), Average = g.Average(e => (double)e.Score) })
            .ToDictionaryAsync(g => g.UnionId, ct);
        var participantUnions = participants.Keys.ToList();
        var unions = await db.Unions.AsNoTracking()
            .Where(u => participantUnions.Contains(u.Id) || (campaign.AudienceUnionPath != null && u.AcceptsMembers && u.Path.StartsWith(campaign.AudienceUnionPath)))
            .Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(ct);
        var unionIds = unions.Select(u => u.Id).ToList();
        var members = await db.Members.AsNoTracking().Where(m => m.Status == MembershipStatus.Active && unionIds.Contains(m.UnionId))
            .GroupBy(m => m.UnionId).Select(g => new { UnionId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UnionId, g => g.Count, ct);
        return [.. unions.Select(u =>
            {
                var took = participants.GetValueOrDefault(u.Id);
                var memberCount = members.GetValueOrDefault(u.Id);
                return new UnionRow(u.Id, u.Code, u.Name, took?.Count ?? 0, memberCount,
                    memberCount == 0 ? null : Math.Min(1.0, (double)(took?.Count ?? 0) / memberCount), took?.Average);
            })
            .OrderByDescending(r => r.ParticipationRate ?? -1).ThenByDescending(r => r.AverageScore ?? -1).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }
}
