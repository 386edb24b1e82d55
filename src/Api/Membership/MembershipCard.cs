using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>The electronic membership card and the check of its QR code.</summary>
public static class MembershipCard
{
    /// <param name="ExternalNumber">原会员证号: the number of the card the union issued before, for a membership imported from its roster.</param>
    public sealed record Card(string MembershipNumber, string Name, string UnionName, DateOnly JoinedOn, MembershipStatus Status, string QrToken, DateTime QrExpiresAt, string? ExternalNumber);

    public sealed record VerifyRequest(string Token);

    public sealed record VerifyResponse(bool Valid, string? Reason, string? MaskedName, string? UnionName, string? MembershipNumber, DateOnly? JoinedOn);

    public sealed class VerifyValidator : AbstractValidator<VerifyRequest>
    {
        public VerifyValidator() => RuleFor(r => r.Token).NotEmpty().MaximumLength(1024).WithName("二维码");
    }

    public static async Task<Ok<Card>> Get(HttpContext http, AppDbContext db, CardTokens tokens, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var card = await db.Members.AsNoTracking()
            .Where(m => m.WorkerId == workerId && m.Status == MembershipStatus.Active)
            .Select(m => new
            {
                Member = m,
                UnionName = db.Unions.Where(u => u.Id == m.UnionId).Select(u => u.Name).Single(),
                Name = db.Workers.Where(w => w.Id == m.WorkerId).Select(w => w.RealName).Single(),
            })
            .SingleOrDefaultAsync(ct) ?? throw DomainException.NotFound("membership.not_member", "您还不是工会会员，入会申请通过后即可领取电子会员卡");
        var (token, expires) = tokens.Issue(card.Member.Id, card.Member.Number, Masking.Name(card.Name), card.UnionName, card.Member.JoinedOn);
        return TypedResults.Ok(new Card(card.Member.Number, card.Name ?? "", card.UnionName, card.Member.JoinedOn, card.Member.Status, token, expires, card.Member.ExternalNumber));
    }

    /// <summary>Signature and expiry are checked without the database; one primary-key read checks the card was not revoked since.</summary>
    public static async Task<Ok<VerifyResponse>> Verify(VerifyRequest request, AppDbContext db, CardTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(await VerifyAsync(request, db, tokens, ct));

    /// <summary>The use case; the API endpoint and the web console's 会员卡核验 both call this.</summary>
    public static async Task<VerifyResponse> VerifyAsync(VerifyRequest request, AppDbContext db, CardTokens tokens, CancellationToken ct)
    {
        var claims = tokens.Read(request.Token, out var failure);
        if (claims is null)
        {
            return new VerifyResponse(false, failure, null, null, null, null);
        }

        var current = await db.Members.AsNoTracking().Where(m => m.Id == claims.MemberId)
            .Select(m => new { m.Status, m.Number }).SingleOrDefaultAsync(ct);
        if (current is null || current.Status != MembershipStatus.Active || current.Number != claims.Number)
        {
            return new VerifyResponse(false, "会员卡已失效（会籍已终止或已转移）", claims.MaskedName, null, null, null);
        }

        return new VerifyResponse(true, null, claims.MaskedName, claims.UnionName, claims.Number, claims.JoinedOn);
    }
}
