using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>After a return for correction, the worker fixes the profile or the choice of union and submits again.</summary>
public static class ResubmitApplication
{
    public static async Task<Ok<MyApplications.Item>> Handle(
        Guid id, ApplyForMembership.Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        await Profiles.SensitiveConsent.RequireAsync(db, workerId, ct);
        var application = await db.MembershipApplications.SingleOrDefaultAsync(a => a.Id == id && a.WorkerId == workerId, ct)
            ?? throw DomainException.NotFound("membership.application_not_found", "未找到该申请");
        if (application.Status != ApplicationStatus.Returned)
        {
            throw DomainException.Conflict("membership.invalid_state", $"申请当前状态为“{StatusNames.Of(application.Status)}”，只有被退回的申请可以修改后重新提交");
        }

        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == workerId, ct);
        MembershipGuards.RequireCompleteIdentity(worker);
        var union = await MembershipGuards.RequireAcceptingUnionAsync(db, request.UnionId, request.Channel, ct);
        await MembershipGuards.RequireNotMemberForWorkerAsync(db, worker.Id, worker.PhoneHash!, ct);

        var now = time.GetUtcNow().UtcDateTime;
        application.UnionId = union.Id;
        application.Channel = request.Channel;
        application.Note = request.Note?.Trim();
        application.ApplicantName = worker.RealName!;
        application.IdNumberCipher = worker.IdNumberCipher!;
        application.IdNumberHash = worker.IdNumberHash!;
        application.PhoneCipher = worker.PhoneCipher!;
        application.PhoneHash = worker.PhoneHash!;
        application.Employer = worker.Employer;
        application.Occupation = worker.Occupation;
        application.Resubmit(now);
        db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipApplication), application.Id, "membership.application.resubmitted",
            nameof(ApplicationStatus.Returned), nameof(ApplicationStatus.Submitted), unionId: union.Id);
        await db.SaveChangesAsync(ct);

        var timeline = (await Timeline.ForAsync(db, nameof(MembershipApplication), [application.Id], ct))[application.Id];
        return TypedResults.Ok(MyApplications.ToItem(application, union, null, [..timeline]));
    }
}

public static class WithdrawApplication
{
    public static async Task<NoContent> Handle(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var application = await db.MembershipApplications.SingleOrDefaultAsync(a => a.Id == id && a.WorkerId == workerId, ct)
            ?? throw DomainException.NotFound("membership.application_not_found", "未找到该申请");
        var from = application.Status.ToString();
        var now = time.GetUtcNow().UtcDateTime;
        application.Withdraw(now);
        db.Record(now, AuditTrail.Worker, workerId, nameof(MembershipApplication), application.Id, "membership.application.withdrawn",
            from, nameof(ApplicationStatus.Withdrawn), unionId: application.UnionId);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
