using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>Officers with the subsidy-management permission set up programmes for unions in their subtree.</summary>
public static class ManagePrograms
{
    public sealed record QuotaInput(string CountyCode, long QuotaFen);

    public sealed record CreateRequest(
        string Name, SubsidyKind Kind, Guid? OwnerUnionId, string? Description, DateOnly OpensOn, DateOnly ClosesOn, long BudgetFen,
        AllocationMode Allocation, SubsidyRules Rules, IReadOnlyList<QuotaInput>? Quotas);

    public sealed record UpdateRequest(
        string Name, string? Description, DateOnly OpensOn, DateOnly ClosesOn, long BudgetFen, SubsidyRules Rules, IReadOnlyList<QuotaInput>? Quotas, int Version);

    public sealed record QuotaView(string CountyCode, long QuotaFen, long CommittedFen);

    public sealed record ProgramView(
        Guid Id, string Name, SubsidyKind Kind, string KindText, UnionRef Owner, string? Description, DateOnly OpensOn, DateOnly ClosesOn,
        long BudgetFen, long CommittedFen, long PaidFen, long RemainingFen, AllocationMode Allocation, string? LotterySeedHash, DateTime? DrawnAt,
        SubsidyRules Rules, IReadOnlyList<QuotaView> Quotas, IReadOnlyDictionary<string, int> Applications, int Version);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(60).WithName("项目名称");
            RuleFor(r => r.Kind).IsInEnum().WithName("项目类别");
            RuleFor(r => r.Allocation).IsInEnum().WithName("分配方式");
            RuleFor(r => r.Description).MaximumLength(2000).WithName("项目说明");
            RuleFor(r => r.BudgetFen).GreaterThan(0).WithName("总预算（分）");
            RuleFor(r => r.Rules).NotNull().WithName("规则");
            RuleForEach(r => r.Quotas).ChildRules(q =>
            {
                q.RuleFor(x => x.CountyCode).Must(Changai.Domain.Organizations.YunnanRegions.IsCounty).WithMessage("名额的县（市、区）应为云南省的县级行政区划代码（GB/T 2260）").WithName("县（市、区）");
                q.RuleFor(x => x.QuotaFen).GreaterThan(0).WithName("名额金额（分）");
            });
        }
    }

    public sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(60).WithName("项目名称");
            RuleFor(r => r.Description).MaximumLength(2000).WithName("项目说明");
            RuleFor(r => r.BudgetFen).GreaterThan(0).WithName("总预算（分）");
            RuleFor(r => r.Rules).NotNull().WithName("规则");
            RuleForEach(r => r.Quotas).ChildRules(q =>
            {
                q.RuleFor(x => x.CountyCode).Must(Changai.Domain.Organizations.YunnanRegions.IsCounty).WithMessage("名额的县（市、区）应为云南省的县级行政区划代码（GB/T 2260）").WithName("县（市、区）");
                q.RuleFor(x => x.QuotaFen).GreaterThan(0).WithName("名额金额（分）");
            });
        }
    }

    public static async Task<Created<ProgramView>> Create(CreateRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var created = await CreateAsync(request, await scope.ForAsync(http.User, ct), db, scope, time, ct);
        return TypedResults.Created($"/api/officer/subsidies/programs/{created.Id}", created);
    }

    /// <summary>The use case; the API endpoint and the web console both call this.</summary>
    public static async Task<ProgramView> CreateAsync(CreateRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var ownerId = request.OwnerUnionId ?? officer.UnionId;
        var owner = await scope.UnionsWithin(officer).AsNoTracking().SingleOrDefaultAsync(u => u.Id == ownerId, ct)
            ?? throw DomainException.NotFound("subsidies.union_not_found", "所选工会不存在或不在您的管辖范围内");
        SubsidyProgram.EnsureValid(request.Kind, request.Rules, request.OpensOn, request.ClosesOn, request.BudgetFen);
        var quotas = CheckQuotas(request.Quotas, request.BudgetFen);
        var now = time.GetUtcNow().UtcDateTime;
        var seed = request.Allocation == AllocationMode.Lottery ? SubsidyLottery.NewSeed() : null;
        var program = new SubsidyProgram
        {
            Id = Guid.CreateVersion7(), Name = request.Name.Trim(), Kind = request.Kind, OwnerUnionId = owner.Id, Description = request.Description?.Trim(),
            OpensOn = request.OpensOn, ClosesOn = request.ClosesOn, BudgetFen = request.BudgetFen, Allocation = request.Allocation, RulesJson = request.Rules.ToJson(),
            LotterySeed = seed, LotterySeedHash = seed is null ? null : SubsidyLottery.Hash(seed), CreatedByOfficerId = officer.OfficerId, CreatedAt = now, UpdatedAt = now,
        };
        db.SubsidyPrograms.Add(program);
        foreach (var q in quotas)
        {
            db.SubsidyQuotas.Add(new SubsidyQuota { Id = Guid.CreateVersion7(), ProgramId = program.Id, CountyCode = q.CountyCode, QuotaFen = q.QuotaFen });
        }

        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyProgram), program.Id, "subsidies.program.created",
            reason: program.LotterySeedHash is { } hash ? "抽签种子哈希 " + hash : null, unionId: owner.Id);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, program, owner, ct);
    }

    /// <summary>The kind and allocation mode stay as created; the budget and quotas can never go below what is already reserved.</summary>
    public static async Task<Ok<ProgramView>> Update(Guid id, UpdateRequest request, HttpContext http, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await UpdateAsync(id, request, await scope.ForAsync(http.User, ct), db, scope, time, ct));

    public static async Task<ProgramView> UpdateAsync(Guid id, UpdateRequest request, OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var (program, owner) = await SubsidyAccess.ManagedProgramAsync(db, scope, officer, id, ct);
        if (program.Version != request.Version)
        {
            throw Changed();
        }

        SubsidyProgram.EnsureValid(program.Kind, request.Rules, request.OpensOn, request.ClosesOn, request.BudgetFen);
        var quotas = CheckQuotas(request.Quotas, request.BudgetFen);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.SubsidyPrograms.Where(p => p.Id == id && p.CommittedFen <= request.BudgetFen)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.BudgetFen, request.BudgetFen), ct) == 0)
        {
            throw DomainException.Conflict("subsidies.budget_below_committed", $"总预算不能低于已核准占用的 {Money.Format(program.CommittedFen)}");
        }

        var existing = await db.SubsidyQuotas.Where(q => q.ProgramId == id).ToListAsync(ct);
        foreach (var old in existing.Where(o => quotas.All(q => q.CountyCode != o.CountyCode)))
        {
            if (old.CommittedFen > 0)
            {
                throw DomainException.Conflict("subsidies.quota_below_committed", $"县（市、区）{old.CountyCode} 的名额已有占用，不能删除");
            }

            db.SubsidyQuotas.Remove(old);
        }

        foreach (var q in quotas)
        {
            var old = existing.SingleOrDefault(o => o.CountyCode == q.CountyCode);
            if (old is null)
            {
                db.SubsidyQuotas.Add(new SubsidyQuota { Id = Guid.CreateVersion7(), ProgramId = id, CountyCode = q.CountyCode, QuotaFen = q.QuotaFen });
            }
            else if (await db.SubsidyQuotas.Where(x => x.Id == old.Id && x.CommittedFen <= q.QuotaFen).ExecuteUpdateAsync(s => s.SetProperty(x => x.QuotaFen, q.QuotaFen), ct) == 0)
            {
                throw DomainException.Conflict("subsidies.quota_below_committed", $"县（市、区）{q.CountyCode} 的名额不能低于已占用的金额");
            }
        }

        program.Name = request.Name.Trim();
        program.Description = request.Description?.Trim();
        program.OpensOn = request.OpensOn;
        program.ClosesOn = request.ClosesOn;
        program.Rules = request.Rules;
        program.UpdatedAt = now;
        db.Entry(program).Property(p => p.BudgetFen).IsModified = false;
        db.Record(now, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyProgram), program.Id, "subsidies.program.updated", unionId: owner.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Changed();
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        var saved = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == id, ct);
        return await ViewAsync(db, saved, owner, ct);
    }

    public static async Task<Ok<IReadOnlyList<ProgramView>>> List(HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(await scope.ForAsync(http.User, ct), db, scope, ct));

    public static async Task<IReadOnlyList<ProgramView>> ListAsync(OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var rows = await db.SubsidyPrograms.AsNoTracking()
            .Select(p => new { Program = p, Owner = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == p.OwnerUnionId) })
            .Where(r => r.Owner != null).OrderByDescending(r => r.Program.ClosesOn).ThenBy(r => r.Program.Id).Take(200).ToListAsync(ct);
        var items = new List<ProgramView>();
        foreach (var r in rows)
        {
            items.Add(await ViewAsync(db, r.Program, r.Owner!, ct));
        }

        return items;
    }

    public static async Task<Ok<ProgramView>> Detail(Guid id, HttpContext http, AppDbContext db, OfficerScope scope, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(id, await scope.ForAsync(http.User, ct), db, scope, ct));

    public static async Task<ProgramView> DetailAsync(Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct)
    {
        var (program, owner) = await SubsidyAccess.ManagedProgramAsync(db, scope, officer, id, ct);
        return await ViewAsync(db, program, owner, ct);
    }

    private static async Task<ProgramView> ViewAsync(AppDbContext db, SubsidyProgram p, Domain.Organizations.Union owner, CancellationToken ct)
    {
        var quotas = await db.SubsidyQuotas.AsNoTracking().Where(q => q.ProgramId == p.Id).OrderBy(q => q.CountyCode)
            .Select(q => new QuotaView(q.CountyCode, q.QuotaFen, q.CommittedFen)).ToListAsync(ct);
        var counts = (await db.SubsidyApplications.AsNoTracking().Where(a => a.ProgramId == p.Id && a.Status != SubsidyStatus.Draft)
                .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(g.Key.ToString()), g => g.Count);
        var paid = await db.SubsidyApplications.AsNoTracking().Where(a => a.ProgramId == p.Id && a.Status == SubsidyStatus.Paid).SumAsync(a => a.AmountFen ?? 0, ct);
        return new ProgramView(
            p.Id, p.Name, p.Kind, SubsidyNames.Of(p.Kind), new UnionRef(owner.Id, owner.Name), p.Description, p.OpensOn, p.ClosesOn, p.BudgetFen,
            p.CommittedFen, paid, p.RemainingFen, p.Allocation, p.LotterySeedHash, p.DrawnAt, p.Rules, quotas, counts, p.Version);
    }

    private static List<QuotaInput> CheckQuotas(IReadOnlyList<QuotaInput>? quotas, long budgetFen)
    {
        var list = quotas?.ToList() ?? [];
        if (list.Select(q => q.CountyCode).Distinct().Count() != list.Count || list.Any(q => q.QuotaFen > budgetFen))
        {
            throw DomainException.BadRequest("subsidies.program_invalid", "每个县（市、区）只能设一个名额，且名额不能超过总预算");
        }

        return list;
    }

    private static DomainException Changed() => DomainException.Conflict("subsidies.program_changed", "该项目刚刚已被他人修改，请刷新后重试");
}
