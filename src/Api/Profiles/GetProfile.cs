using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

public static class GetProfile
{
    public sealed record IndustrialWorkerStatus(bool IsIndustrialWorker, bool IsComplete, IReadOnlyList<string> Reasons);

    public sealed record Response(
        string? RealName, string? IdNumberMasked, int? BirthYear, Gender? Gender, string? PhoneMasked, string? Employer,
        string? IndustrySection, string? IndustryName, string? Occupation, SkillLevel? SkillLevel, EmploymentForm? EmploymentForm,
        NewEmploymentKind? NewEmploymentKind, string? CountyCode, bool IsEcologicalMigrant, bool SensitiveConsentGiven,
        IndustrialWorkerStatus IndustrialWorker, DateTime UpdatedAt, IReadOnlyList<Certificate> Certificates);

    /// <summary>A vocational certificate recorded for the worker (e.g. at the end of a training course).</summary>
    public sealed record Certificate(Guid Id, string Number, string Occupation, SkillLevel Level, DateOnly IssuedOn, string Issuer, Guid? CourseId);

    public static async Task<Ok<Response>> Handle(HttpContext http, AppDbContext db, FieldProtector protector, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == http.User.UserId(), ct);
        var consent = await SensitiveConsent.HasCurrentAsync(db, worker.Id, ct);
        return TypedResults.Ok(ToResponse(worker, protector, consent, await CertificatesAsync(db, worker.Id, ct)));
    }

    public static async Task<IReadOnlyList<Certificate>> CertificatesAsync(AppDbContext db, Guid workerId, CancellationToken ct) =>
        await db.WorkerCertificates.AsNoTracking().Where(c => c.WorkerId == workerId).OrderByDescending(c => c.IssuedOn).ThenByDescending(c => c.CreatedAt)
            .Select(c => new Certificate(c.Id, c.Number, c.Occupation, c.Level, c.IssuedOn, c.Issuer, c.CourseId)).ToListAsync(ct);

    public static Response ToResponse(Worker w, FieldProtector protector, bool consent, IReadOnlyList<Certificate> certificates)
    {
        var assessment = IndustrialWorkerStandard.Assess(w);
        return new Response(
            w.RealName, w.IdNumberCipher is null ? null : Masking.IdNumber(protector.Unprotect(w.IdNumberCipher)), Masking.BirthYear(w.BirthDate), w.Gender,
            w.PhoneCipher is null ? null : Masking.Phone(protector.Unprotect(w.PhoneCipher)), w.Employer, w.IndustrySection,
            w.IndustrySection is null ? null : IndustrySections.Names.GetValueOrDefault(w.IndustrySection), w.Occupation, w.SkillLevel,
            w.EmploymentForm, w.NewEmploymentKind, w.CountyCode, w.IsEcologicalMigrant, consent,
            new IndustrialWorkerStatus(assessment.IsIndustrialWorker, assessment.IsComplete, assessment.Reasons), w.UpdatedAt, certificates);
    }
}
