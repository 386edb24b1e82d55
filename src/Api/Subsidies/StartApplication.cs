using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>Starts a draft for a programme the worker is eligible for; one live application per programme and person.</summary>
public static class StartApplication
{
    public sealed record Request(Guid ProgramId);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.ProgramId).NotEmpty().WithName("补贴项目");
    }

    public static async Task<Created<ApplicationView>> Handle(Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == http.User.UserId(), ct);
        await Profiles.SensitiveConsent.RequireAsync(db, worker.Id, ct);
        var found = await db.SubsidyPrograms.AsNoTracking().Where(p => p.Id == request.ProgramId)
            .Select(p => new { Program = p, Owner = db.Unions.Single(u => u.Id == p.OwnerUnionId) }).SingleOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("subsidies.program_not_found", "未找到该补贴项目");
        var membership = await SubsidyAccess.MembershipAsync(db, worker.Id, ct);
        RequireEligible(SubsidyEligibility.Reasons(found.Program, found.Owner.Path, found.Owner.Name,
            new Applicant(worker, membership?.Member.JoinedOn, membership?.Union.Path), ChinaTime.Today(time)));
        if (await db.SubsidyApplications.AnyAsync(a => a.ProgramId == found.Program.Id && a.WorkerId == worker.Id && LiveStatuses.Contains(a.Status), ct))
        {
            throw ApplicationExists();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var application = SubsidyApplication.Draft(Guid.CreateVersion7(), found.Program.Id, worker.Id, membership!.Value.Union.Id, now);
        db.SubsidyApplications.Add(application);
        db.Record(now, AuditTrail.Worker, worker.Id, nameof(SubsidyApplication), application.Id, "subsidies.application.drafted",
            to: nameof(SubsidyStatus.Draft), unionId: application.UnionId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw ApplicationExists();
        }

        return TypedResults.Created($"/api/subsidies/applications/{application.Id}", await SubsidyViews.ForApplicantAsync(db, application, found.Program, ct));
    }

    internal static readonly SubsidyStatus[] LiveStatuses = [SubsidyStatus.Draft, .. SubsidyApplication.ClaimingStatuses];

    internal static void RequireEligible(IReadOnlyList<string> reasons)
    {
        if (reasons.Count > 0)
        {
            throw new DomainException("subsidies.not_eligible", "暂不符合申请条件：" + string.Join("；", reasons));
        }
    }

    private static DomainException ApplicationExists() =>
        DomainException.Conflict("subsidies.application_exists", "您已有该项目的申请，请在“我的申请”中继续办理");
}
