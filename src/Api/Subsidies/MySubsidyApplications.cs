using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>The worker's own applications with their timelines, withdrawing one, and the certificates they can choose from.</summary>
public static class MySubsidyApplications
{
    public sealed record Summary(
        Guid Id, ProgramRef Program, SubsidyStatus Status, string StatusText, long? AmountFen, string? AmountText, string? CurrentLevelText,
        string? ReviewComment, DateTime CreatedAt, DateTime? SubmittedAt, bool CanEdit, bool CanWithdraw);

    public sealed record Certificate(
        Guid Id, string Number, string Occupation, SkillLevel Level, string LevelText, DateOnly IssuedOn, string Issuer, bool FromTraining, bool Claimed);

    public static async Task<Ok<IReadOnlyList<Summary>>> Mine(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var rows = await db.SubsidyApplications.AsNoTracking().Where(a => a.WorkerId == workerId)
            .OrderByDescending(a => a.CreatedAt).Take(100)
            .Select(a => new { Application = a, Program = db.SubsidyPrograms.Single(p => p.Id == a.ProgramId) })
            .ToListAsync(ct);
        IReadOnlyList<Summary> items = rows.Select(r => new Summary(
            r.Application.Id, SubsidyViews.Ref(r.Program), r.Application.Status, SubsidyStatusNames.Of(r.Application.Status), r.Application.AmountFen,
            r.Application.AmountFen is { } fen ? Money.Format(fen) : null,
            r.Application.CurrentChainStep is { } step ? $"{step.UnionName}（{SubsidyNames.Of(step.Level)}）" : null,
            r.Application.ReviewComment, r.Application.CreatedAt, r.Application.SubmittedAt, r.Application.IsEditable, r.Application.CanWithdraw)).ToList();
        return TypedResults.Ok(items);
    }

    public static async Task<Ok<ApplicationView>> Detail(Guid id, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var application = await SubsidyAccess.OwnAsync(db, http.User.UserId(), id, ct);
        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        return TypedResults.Ok(await SubsidyViews.ForApplicantAsync(db, application, program, ct));
    }

    /// <summary>Allowed while nobody has reviewed it yet; the claim on the certificate is released.</summary>
    public static async Task<NoContent> Withdraw(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var application = await SubsidyAccess.OwnAsync(db, workerId, id, ct);
        var from = application.Status.ToString();
        var now = time.GetUtcNow().UtcDateTime;
        application.Withdraw(now);
        db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), application.Id, "subsidies.application.withdrawn",
            from, nameof(SubsidyStatus.Withdrawn), unionId: application.UnionId);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<Certificate>>> Certificates(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var certificates = await db.WorkerCertificates.AsNoTracking().Where(c => c.WorkerId == workerId).OrderByDescending(c => c.IssuedOn).ToListAsync(ct);
        var keys = certificates.Select(c => SubsidyApplication.NormaliseCertificateNumber(c.Number)).ToList();
        var claimed = (await db.SubsidyApplications.AsNoTracking()
            .Where(a => keys.Contains(a.CertificateKey) && SubsidyApplication.ClaimingStatuses.Contains(a.Status))
            .Select(a => a.CertificateKey!).ToListAsync(ct)).ToHashSet();
        IReadOnlyList<Certificate> items = certificates.Select(c => new Certificate(
            c.Id, c.Number, c.Occupation, c.Level, SubsidyNames.Of(c.Level), c.IssuedOn, c.Issuer, c.CourseId is not null,
            claimed.Contains(SubsidyApplication.NormaliseCertificateNumber(c.Number)!))).ToList();
        return TypedResults.Ok(items);
    }
}
