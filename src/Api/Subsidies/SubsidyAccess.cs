using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>Finding applications and programmes for the person asking: their own, or inside the officer's subtree.</summary>
public static class SubsidyAccess
{
    public static DomainException ApplicationNotFound() => DomainException.NotFound("subsidies.application_not_found", "未找到该申请，或不在您的管辖范围内");

    public static DomainException ProgramNotFound() => DomainException.NotFound("subsidies.program_not_found", "未找到该补贴项目，或不在您的管辖范围内");

    public static async Task<SubsidyApplication> OwnAsync(AppDbContext db, Guid workerId, Guid id, CancellationToken ct) =>
        await db.SubsidyApplications.SingleOrDefaultAsync(a => a.Id == id && a.WorkerId == workerId, ct) ?? throw ApplicationNotFound();

    /// <summary>404 both for a missing application and for one outside the officer's subtree: existence is not disclosed.</summary>
    public static async Task<(SubsidyApplication Application, Union Union)> InScopeAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.SubsidyApplications
            .Where(a => a.Id == id && a.Status != SubsidyStatus.Draft)
            .Select(a => new { Application = a, Union = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == a.UnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.Union is null ? throw ApplicationNotFound() : (found.Application, found.Union);
    }

    public static async Task<(SubsidyProgram Program, Union Owner)> ManagedProgramAsync(
        AppDbContext db, OfficerScope scope, OfficerContext officer, Guid id, CancellationToken ct)
    {
        var found = await db.SubsidyPrograms
            .Where(p => p.Id == id)
            .Select(p => new { Program = p, Owner = scope.UnionsWithin(officer).SingleOrDefault(u => u.Id == p.OwnerUnionId) })
            .SingleOrDefaultAsync(ct);
        return found?.Owner is null ? throw ProgramNotFound() : (found.Program, found.Owner);
    }

    /// <summary>The worker's active membership and its union, when they have one.</summary>
    public static async Task<(Member Member, Union Union)?> MembershipAsync(AppDbContext db, Guid workerId, CancellationToken ct)
    {
        var found = await db.Members.AsNoTracking().Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
            .Select(m => new { Member = m, Union = db.Unions.Single(u => u.Id == m.UnionId) }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.Member, found.Union);
    }
}
