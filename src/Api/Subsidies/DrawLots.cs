using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// The draw for a lottery programme, once its window has closed: the applications that passed every review are ranked by
/// ticket (SHA-256 of the published-in-advance seed and the application id) and funded in that order while the budget and
/// quotas last. The seed, every ticket and the result are published so that anyone can recompute them.
/// </summary>
public static class DrawLots
{

    public sealed record DrawRecord(long RemainingFenBefore, IReadOnlyDictionary<string, long> QuotaRemainingBefore, IReadOnlyList<LotteryCandidate> Candidates, IReadOnlyList<LotteryTicket> Tickets);

    public sealed record DrawView(
        Guid ProgramId, string ProgramName, string? SeedHash, bool Drawn, DateTime? DrawnAt, string? Seed, long? RemainingFenBefore,
        IReadOnlyDictionary<string, long>? QuotaRemainingBefore, IReadOnlyList<DrawnTicket> Tickets, string Method);

    public sealed record DrawnTicket(int Rank, Guid ApplicationId, string ApplicantName, string Ticket, long AmountFen, string? CountyCode, bool Selected);

    private const string Method = "每个申请的签号 = SHA-256(\"种子:申请编号\")（小写十六进制）；按签号升序（相同时按申请编号）依次安排，预算和所在县（市、区）名额足够即中签。种子的 SHA-256 在项目发布时即已公布。";

    public static async Task<Ok<DrawView>> Draw(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (program, owner) = await SubsidyAccess.ManagedProgramAsync(db, scope, officer, id, ct);
        if (program.Allocation != AllocationMode.Lottery || program.LotterySeed is null)
        {
            throw DomainException.Conflict("subsidies.not_lottery", "该项目按先到先得分配，无需抽签");
        }

        if (program.DrawnAt is not null)
        {
            throw DomainException.Conflict("subsidies.already_drawn", "该项目已经抽过签");
        }

        if (ChinaTime.Today(time) <= program.ClosesOn)
        {
            throw DomainException.Conflict("subsidies.window_open", $"申请截止（{program.ClosesOn:yyyy年M月d日}）后才能抽签");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Claim the draw first: of two officers pressing the button, one draws and the other is told.
        if (await db.SubsidyPrograms.Where(p => p.Id == id && p.DrawnAt == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.DrawnAt, now), ct) == 0)
        {
            throw DomainException.Conflict("subsidies.already_drawn", "该项目已经抽过签");
        }

        var candidates = await db.SubsidyApplications.Where(a => a.ProgramId == id && a.Status == SubsidyStatus.AwaitingDraw).ToListAsync(ct);
        var fresh = await db.SubsidyPrograms.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.BudgetFen, p.CommittedFen }).SingleAsync(ct);
        var quotas = await db.SubsidyQuotas.AsNoTracking().Where(q => q.ProgramId == id).ToDictionaryAsync(q => q.CountyCode, q => q.QuotaFen - q.CommittedFen, ct);
        var entries = candidates.Select(a => new LotteryCandidate(a.Id, a.AmountFen!.Value, a.CountyCode)).OrderBy(c => c.ApplicationId.ToString("D"), StringComparer.Ordinal).ToList();
        var tickets = SubsidyLottery.Draw(program.LotterySeed, entries, fresh.BudgetFen - fresh.CommittedFen, quotas);
        var byId = candidates.ToDictionary(a => a.Id);
        foreach (var ticket in tickets)
        {
            var application = byId[ticket.ApplicationId];
            if (ticket.Selected)
            {
                await ReviewApplication.ReserveAsync(db, id, application.CountyCode, ticket.AmountFen, ct);
                application.WinDraw();
                SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.DrawResult, "补贴抽签结果：中签",
                    $"您的“{program.Name}”申请已中签，补贴金额 {Money.Format(ticket.AmountFen)}，将由工会财务发放。");
            }
            else
            {
                application.LoseDraw();
                SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.DrawResult, "补贴抽签结果：未中签",
                    $"很遗憾，您的“{program.Name}”申请本次未中签。抽签过程和结果已公开，可在项目页面核验。");
            }

            db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id,
                ticket.Selected ? "subsidies.application.drawn" : "subsidies.application.not_selected", nameof(SubsidyStatus.AwaitingDraw),
                application.Status.ToString(), $"第 {ticket.Rank} 位，签号 {ticket.Ticket}", application.UnionId);
        }

        program.DrawnAt = now;
        program.DrawResultJson = System.Text.Json.JsonSerializer.Serialize(new DrawRecord(fresh.BudgetFen - fresh.CommittedFen, quotas, entries, tickets));
        db.Entry(program).Property(p => p.CommittedFen).IsModified = false;
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyProgram), program.Id, "subsidies.program.drawn",
            reason: $"种子 {program.LotterySeed}；{tickets.Count(t => t.Selected)}/{tickets.Count} 中签", unionId: owner.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, program, protector, ct));
    }

    public static async Task<Ok<DrawView>> ForWorker(Guid id, AppDbContext db, FieldProtector protector, CancellationToken ct)
    {
        var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.Allocation == AllocationMode.Lottery, ct)
            ?? throw DomainException.NotFound("subsidies.program_not_found", "未找到该抽签项目");
        return TypedResults.Ok(await ViewAsync(db, program, protector, ct));
    }

    private static async Task<DrawView> ViewAsync(AppDbContext db, SubsidyProgram program, FieldProtector protector, CancellationToken ct)
    {
        if (program.DrawResultJson is null)
        {
            return new DrawView(program.Id, program.Name, program.LotterySeedHash, false, null, null, null, null, [], Method);
        }

        var record = System.Text.Json.JsonSerializer.Deserialize<DrawRecord>(program.DrawResultJson)!;
        var ids = record.Tickets.Select(t => t.ApplicationId).ToList();
        var names = await db.SubsidyApplications.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.ApplicantName, ct);
        var counties = record.Candidates.ToDictionary(c => c.ApplicationId, c => c.CountyCode);
        return new DrawView(program.Id, program.Name, program.LotterySeedHash, true, program.DrawnAt, program.LotterySeed, record.RemainingFenBefore,
            record.QuotaRemainingBefore,
            record.Tickets.Select(t => new DrawnTicket(t.Rank, t.ApplicationId, Masking.Name(names.GetValueOrDefault(t.ApplicationId)), t.Ticket, t.AmountFen,
                counties.GetValueOrDefault(t.ApplicationId), t.Selected)).ToList(), Method);
    }
}
