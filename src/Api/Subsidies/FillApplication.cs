using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// Fills a draft (or corrects a returned application). A certificate recorded for the worker — for example by a completed
/// training course — can be chosen by its id instead of typing its details.
/// </summary>
public static class FillApplication
{
    public sealed record TypedCertificate(string Number, string Occupation, SkillLevel Level, DateOnly IssuedOn, string Issuer);

    public sealed record Request(
        Guid? WorkerCertificateId, TypedCertificate? Certificate, DegreeLevel? DegreeLevel, string? School, long? TuitionFen, string? HardshipTier, string? Statement);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r).Must(r => r.WorkerCertificateId is null || r.Certificate is null)
                .WithMessage("请选择已登记的证书或填写证书信息，二者选其一").WithName("证书");
            RuleFor(r => r.Certificate!.Number).NotEmpty().MaximumLength(50).WithName("证书编号").When(r => r.Certificate is not null);
            RuleFor(r => r.Certificate!.Occupation).NotEmpty().MaximumLength(50).WithName("职业（工种）").When(r => r.Certificate is not null);
            RuleFor(r => r.Certificate!.Level).IsInEnum().NotEqual(SkillLevel.None).WithName("证书等级").When(r => r.Certificate is not null);
            RuleFor(r => r.Certificate!.Issuer).NotEmpty().MaximumLength(100).WithName("发证机构").When(r => r.Certificate is not null);
            RuleFor(r => r.DegreeLevel).IsInEnum().WithName("学历层次");
            RuleFor(r => r.School).MaximumLength(100).WithName("就读院校");
            RuleFor(r => r.TuitionFen).InclusiveBetween(1, 100_000_000).When(r => r.TuitionFen is not null).WithName("学费（分）");
            RuleFor(r => r.HardshipTier).MaximumLength(50).WithName("困难类别");
            RuleFor(r => r.Statement).MaximumLength(500).WithName("申请说明");
        }
    }

    public static async Task<Ok<ApplicationView>> Handle(Guid id, Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var application = await SubsidyAccess.OwnAsync(db, workerId, id, ct);
        RequireEditable(application);
        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        if (request.WorkerCertificateId is { } certificateId)
        {
            var certificate = await db.WorkerCertificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId && c.WorkerId == workerId, ct)
                ?? throw DomainException.NotFound("subsidies.certificate_not_found", "未找到该证书记录");
            application.WorkerCertificateId = certificate.Id;
            SetCertificate(application, certificate.Number, certificate.Occupation, certificate.Level, certificate.IssuedOn, certificate.Issuer);
        }
        else if (request.Certificate is { } typed)
        {
            application.WorkerCertificateId = null;
            SetCertificate(application, typed.Number.Trim(), typed.Occupation.Trim(), typed.Level, typed.IssuedOn, typed.Issuer.Trim());
        }

        application.DegreeLevel = request.DegreeLevel;
        application.School = request.School?.Trim();
        application.TuitionFen = request.TuitionFen;
        application.HardshipTier = request.HardshipTier?.Trim();
        application.Statement = request.Statement?.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), application.Id, "subsidies.application.updated", unionId: application.UnionId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SubsidyViews.ForApplicantAsync(db, application, program, ct));
    }

    internal static void RequireEditable(SubsidyApplication application)
    {
        if (!application.IsEditable)
        {
            throw DomainException.Conflict("subsidies.not_editable", $"申请当前状态为“{SubsidyStatusNames.Of(application.Status)}”，不能修改");
        }
    }

    private static void SetCertificate(SubsidyApplication a, string number, string occupation, SkillLevel level, DateOnly issuedOn, string issuer)
    {
        a.CertificateNumber = number;
        a.Occupation = occupation;
        a.CertificateLevel = level;
        a.CertificateIssuedOn = issuedOn;
        a.CertificateIssuer = issuer;
    }
}
