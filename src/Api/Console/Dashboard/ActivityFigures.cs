using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Organizations;
using Changai.Domain.Quiz;
using Changai.Domain.Subsidies;
using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Dashboard;

/// <summary>
/// Training, quiz and subsidy figures of an officer's subtree, by the same areas as the membership figures (the unions one
/// level below): seats taken against seats offered in scheduled sessions, quiz participants by prefecture (where the
/// worker answered from), and subsidy money committed (approved, not yet paid) and paid against the programmes' budgets.
/// </summary>
public static class ActivityFigures
{
    public sealed record Fill(string Name, int Capacity, int Taken)
    {
        public double Rate => Capacity == 0 ? 0 : (double)Taken / Capacity;
    }

    public sealed record Money(string Name, long BudgetFen, long CommittedFen, long PaidFen);

    public sealed record Figures(IReadOnlyList<Fill> Training, IReadOnlyList<(string Name, int Participants, int Attempts, int Flagged)> Quiz, IReadOnlyList<Money> Subsidies);

    public static async Task<Figures> ForAsync(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var unions = scope.UnionsWithin(officer);
        var self = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == officer.UnionId, ct);
        var children = await db.Unions.AsNoTracking().Where(u => u.ParentId == self.Id).OrderBy(u => u.Code).ToListAsync(ct);
        var areas = children.Count > 0 ? children : [self];

        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.Status == SessionStatus.Scheduled)
            .Join(db.TrainingCourses, s => s.CourseId, c => c.Id, (s, c) => new { s.Capacity, s.SeatsTaken, c.OrganizerUnionId })
            .Join(unions, x => x.OrganizerUnionId, u => u.Id, (x, u) => new { u.Path, x.Capacity, x.SeatsTaken })
            .GroupBy(x => x.Path).Select(g => new { Path = g.Key, Capacity = g.Sum(x => x.Capacity), Taken = g.Sum(x => x.SeatsTaken) })
            .ToListAsync(ct);
        var training = areas.Select(a => new Fill(a.Name,
            sessions.Where(s => s.Path.StartsWith(a.Path, StringComparison.Ordinal)).Sum(s => s.Capacity),
            sessions.Where(s => s.Path.StartsWith(a.Path, StringComparison.Ordinal)).Sum(s => s.Taken))).ToList();

        // Quiz: attempts at campaigns organised in scope, by the prefecture the worker answered from.
        var attempts = await AttemptTally.ByAsync(db.QuizAttempts.AsNoTracking()
            .Where(a => db.QuizCampaigns.Any(c => c.Id == a.CampaignId && unions.Any(u => u.Id == c.OrganizerUnionId))), a => a.PrefectureCode ?? "", ct);
        var prefectureNames = await db.Unions.AsNoTracking().Where(u => u.Kind == UnionKind.Prefecture)
            .Select(u => new { u.PrefectureCode, u.Name }).ToListAsync(ct);
        var quiz = attempts.OrderByDescending(a => a.Value.Participants)
            .Select(a => (prefectureNames.FirstOrDefault(p => p.PrefectureCode == a.Key)?.Name ?? "未填工作地", a.Value.Participants, a.Value.Started, a.Value.Flagged))
            .ToList();

        var programs = await db.SubsidyPrograms.AsNoTracking().Where(p => unions.Any(u => u.Id == p.OwnerUnionId))
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.BudgetFen }).ToListAsync(ct);
        var ids = programs.Select(p => p.Id).ToList();
        var amounts = await db.SubsidyApplications.AsNoTracking()
            .Where(a => ids.Contains(a.ProgramId) && (a.Status == SubsidyStatus.Approved || a.Status == SubsidyStatus.Paid) && a.AmountFen != null)
            .GroupBy(a => new { a.ProgramId, a.Status }).Select(g => new { g.Key.ProgramId, g.Key.Status, Fen = g.Sum(a => a.AmountFen!.Value) })
            .ToListAsync(ct);
        var subsidies = programs.Select(p => new Money(p.Name, p.BudgetFen,
            amounts.Where(a => a.ProgramId == p.Id && a.Status == SubsidyStatus.Approved).Sum(a => a.Fen),
            amounts.Where(a => a.ProgramId == p.Id && a.Status == SubsidyStatus.Paid).Sum(a => a.Fen))).ToList();
        return new Figures(training, quiz, subsidies);
    }
}
