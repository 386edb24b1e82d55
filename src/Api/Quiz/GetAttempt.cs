using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>One of the worker's own attempts: questions only while open; answers, explanations and score once submitted.</summary>
public static class GetAttempt
{
    public static async Task<Ok<AttemptView>> Handle(Guid id, HttpContext http, AppDbContext db, QuizCache cache, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var attempt = await db.QuizAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.WorkerId == workerId, ct)
            ?? throw NotFound();
        var title = await db.QuizCampaigns.Where(c => c.Id == attempt.CampaignId).Select(c => c.Title).SingleAsync(ct);
        var versions = await cache.VersionsAsync(db, attempt.Questions.Select(q => q.QuestionVersionId), ct);
        return TypedResults.Ok(QuizViews.Attempt(attempt, title, versions, time.GetUtcNow().UtcDateTime));
    }

    internal static DomainException NotFound() => DomainException.NotFound("quiz.attempt_not_found", "未找到该答卷");
}
