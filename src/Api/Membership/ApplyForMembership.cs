using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Organizations;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>
/// A worker applies to join a union. The application keeps a snapshot of the identity data at submission, so the
/// officer reviews exactly what was sent. One open application per worker; one membership per ID number and phone.
/// </summary>
public static class ApplyForMembership
{
    public sealed record Request(Guid UnionId, JoinChannel Channel, string? Note);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.UnionId).NotEmpty().WithName("工会");
            RuleFor(r => r.Channel).IsInEnum().WithName("入会渠道");
            RuleFor(r => r.Note).MaximumLength(200).WithName("备注");
        }
    }

    public static async Task<Created<MyApplications.Item>> Handle(
        Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == http.User.UserId(), ct);
        MembershipGuards.RequireCompleteIdentity(worker);
        await Profiles.SensitiveConsent.RequireAsync(db, worker.Id, ct);
        var union = await MembershipGuards.RequireAcceptingUnionAsync(db, request.UnionId, request.Channel, ct);
        await MembershipGuards.RequireNotMemberForWorkerAsync(db, worker.Id, worker.PhoneHash!, ct);
        if (await db.MembershipApplications.AnyAsync(a => a.WorkerId == worker.Id && MembershipApplication.OpenStatuses.Contains(a.Status), ct))
        {
            throw OpenApplicationExists();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var application = new MembershipApplication
        {
            Id = Guid.CreateVersion7(),
            WorkerId = worker.Id,
            UnionId = union.Id,
            Channel = request.Channel,
            Note = request.Note?.Trim(),
            ApplicantName = worker.RealName!,
            IdNumberCipher = worker.IdNumberCipher!,
            IdNumberHash = worker.IdNumberHash!,
            PhoneCipher = worker.PhoneCipher!,
            PhoneHash = worker.PhoneHash!,
            Employer = worker.Employer,
            Occupation = worker.Occupation,
            CreatedAt = now,
            SubmittedAt = now,
        };
        db.MembershipApplications.Add(application);
        db.Record(now, AuditTrail.Worker, worker.Id, nameof(MembershipApplication), application.Id, "membership.application.submitted",
            to: nameof(ApplicationStatus.Submitted), unionId: union.Id);
        NotifyWorker(db, now, application, union.Name, "membership.submitted", "入会申请已提交", $"您向“{union.Name}”提交的入会申请已受理，请耐心等待审核。");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another submission of the same worker: the filtered unique index kept it to one.
            throw OpenApplicationExists();
        }

        var item = MyApplications.ToItem(application, union, null, [..(await Timeline.ForAsync(db, nameof(MembershipApplication), [application.Id], ct))[application.Id]]);
        return TypedResults.Created($"/api/membership/applications/{application.Id}", item);
    }

    internal static void NotifyWorker(AppDbContext db, DateTime now, MembershipApplication application, string unionName, string kind, string title, string body) =>
        db.Enqueue(now, Outbox.WorkerRecipient, application.WorkerId, kind, application.Id, application.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            title, body, $"pages/membership/status?id={application.Id}",
            new Dictionary<string, string>
            {
                ["union"] = unionName,
                ["status"] = StatusNames.Of(application.Status),
                ["comment"] = application.ReviewComment ?? "",
                ["time"] = ChinaTime.ToChina(now).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            });

    private static DomainException OpenApplicationExists() =>
        DomainException.Conflict("membership.application_open", "您已有一份正在办理的入会申请，请等待审核结果或撤回后再申请");
}
