using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>The separate consent to process sensitive personal information (the ID number), kept with its text version.</summary>
public static class SensitiveConsent
{
    public sealed record Request(string TextVersion);

    public sealed record Response(string TextVersion, string Text, bool Granted, DateTime? GrantedAt);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.TextVersion).NotEmpty().MaximumLength(40).WithName("同意书版本");
    }

    public static async Task<bool> HasCurrentAsync(AppDbContext db, Guid workerId, CancellationToken ct) =>
        await Current(db, workerId).AnyAsync(ct);

    public static async Task<Ok<Response>> Get(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var granted = await Current(db, http.User.UserId()).Select(c => (DateTime?)c.GrantedAt).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new Response(ConsentTexts.SensitiveVersion, ConsentTexts.SensitiveText, granted is not null, granted));
    }

    public static async Task<Ok<Response>> Grant(Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request.TextVersion != ConsentTexts.SensitiveVersion)
        {
            throw DomainException.Conflict("profile.consent_outdated", "同意书已更新，请重新阅读最新版本后再同意");
        }

        var workerId = http.User.UserId();
        var existing = await Current(db, workerId).FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            existing = new ConsentRecord
            {
                Id = Guid.CreateVersion7(), WorkerId = workerId, Kind = ConsentRecord.SensitivePersonalInformation,
                TextVersion = request.TextVersion, GrantedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Consents.Add(existing);
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new Response(ConsentTexts.SensitiveVersion, ConsentTexts.SensitiveText, true, existing.GrantedAt));
    }

    public static async Task<NoContent> Withdraw(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Consents.Where(c => c.WorkerId == http.User.UserId() && c.Kind == ConsentRecord.SensitivePersonalInformation && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now), ct);
        return TypedResults.NoContent();
    }

    private static IQueryable<ConsentRecord> Current(AppDbContext db, Guid workerId) =>
        db.Consents.Where(c => c.WorkerId == workerId && c.Kind == ConsentRecord.SensitivePersonalInformation
                               && c.TextVersion == ConsentTexts.SensitiveVersion && c.WithdrawnAt == null);
}
