using Changai.Domain.Data;
using Changai.Domain.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.Notifications;

/// <summary>
/// The mini-program reports what wx.requestSubscribeMessage returned. Each "accept" allows exactly one message of that
/// template (WeChat's one-time subscriptions accumulate); reject/ban/filter change nothing.
/// </summary>
public static class ReportSubscriptions
{
    private static readonly string[] Results = ["accept", "reject", "ban", "filter"];

    public sealed record Request(Dictionary<string, string> Results);

    public sealed record Response(IReadOnlyDictionary<string, int> Credits);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(IOptions<NotificationOptions> options)
        {
            RuleFor(r => r.Results).NotEmpty().Must(r => r.Count <= 5).WithMessage("一次最多上报 5 个模板").WithName("订阅结果");
            RuleForEach(r => r.Results).Must(p => options.Value.IsKnownTemplate(p.Key)).WithMessage("未知的消息模板")
                .Must(p => ReportSubscriptions.Results.Contains(p.Value)).WithMessage("订阅结果只能是 accept、reject、ban 或 filter")
                .OverridePropertyName("results");
        }
    }

    public static async Task<Ok<Response>> Handle(Request request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (type, id) = NotificationEndpoints.Recipient(http);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var templateId in request.Results.Where(r => r.Value == "accept").Select(r => r.Key))
        {
            await AddCreditAsync(db, type, id, templateId, now, ct);
        }

        var templates = request.Results.Keys.ToList();
        var credits = await db.SubscriptionCredits.Where(c => c.RecipientType == type && c.RecipientId == id && templates.Contains(c.TemplateId))
            .ToDictionaryAsync(c => c.TemplateId, c => c.Credits, ct);
        return TypedResults.Ok(new Response(templates.ToDictionary(t => t, t => credits.GetValueOrDefault(t))));
    }

    private static async Task AddCreditAsync(AppDbContext db, string type, Guid id, string templateId, DateTime now, CancellationToken ct)
    {
        var row = db.SubscriptionCredits.Of(type, id, templateId);
        if (await row.AddCreditsAsync(+1, now, ct) > 0)
        {
            return;
        }

        db.SubscriptionCredits.Add(new SubscriptionCredit { Id = Guid.CreateVersion7(), RecipientType = type, RecipientId = id, TemplateId = templateId, Credits = 1, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent report created the row first: add to it instead.
            db.ChangeTracker.Clear();
            await row.AddCreditsAsync(+1, now, ct);
        }
    }
}
