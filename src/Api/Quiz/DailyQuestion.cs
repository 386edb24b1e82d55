using System.Globalization;
using System.Text.Json.Serialization;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Quiz;

/// <summary>
/// 今日一题: the same question for everyone on a China day, answerable once, with the answer and explanation after;
/// streaks of consecutive days and a calendar of answered days.
/// </summary>
public static class DailyQuestion
{
    public sealed record Result(IReadOnlyList<string> Chosen, bool IsCorrect, IReadOnlyList<string> CorrectOptionIds, string Explanation, DateTime AnsweredAt);

    public sealed record StreakView(int Current, int Longest);

    public sealed record View(
        DateOnly Date, QuestionView Question, bool Answered,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Result? Result, StreakView Streak);

    public sealed record AnswerRequest(IReadOnlyList<string> OptionIds);

    public sealed record CalendarQuery(string? Month);

    public sealed record CalendarDay(DateOnly Date, bool IsCorrect);

    public sealed record Calendar(string Month, IReadOnlyList<CalendarDay> Days, int TotalDays, StreakView Streak);

    public sealed class AnswerValidator : AbstractValidator<AnswerRequest>
    {
        public AnswerValidator() => RuleFor(r => r.OptionIds).NotEmpty().Must(o => o.Count <= QuestionContent.MaxOptions && o.All(id => id is { Length: 1 }))
            .WithMessage("请选择答案（选项字母，如 A）").WithName("选项");
    }

    public sealed class CalendarValidator : AbstractValidator<CalendarQuery>
    {
        public CalendarValidator() => RuleFor(q => q.Month).Must(m => m is null || DateOnly.TryParseExact(m + "-01", "yyyy-MM-dd", out _))
            .WithMessage("月份格式应为 yyyy-MM，如 2026-11").WithName("月份");
    }

    public static async Task<Ok<View>> Today(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var (daily, version) = await TodayAsync(db, time, ct);
        var answer = await db.QuizDailyAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.WorkerId == workerId && a.Day == daily.Day, ct);
        return TypedResults.Ok(await ViewAsync(db, workerId, daily.Day, version, answer, ct));
    }

    public static async Task<Ok<View>> Answer(AnswerRequest request, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var (daily, version) = await TodayAsync(db, time, ct);
        var chosen = request.OptionIds.Select(o => o.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (chosen.Any(c => version.Options().All(o => o.Id != c)))
        {
            throw DomainException.BadRequest("quiz.attempt.unknown_option", "答案中有不存在的选项");
        }

        if (await db.QuizDailyAnswers.AnyAsync(a => a.WorkerId == workerId && a.Day == daily.Day, ct))
        {
            throw AlreadyAnswered();
        }

        var answer = new QuizDailyAnswer
        {
            WorkerId = workerId, Day = daily.Day, QuestionVersionId = version.Id, Chosen = string.Join(',', chosen),
            IsCorrect = QuestionContent.IsCorrect(version.Answers(), chosen), AnsweredAt = time.GetUtcNow().UtcDateTime,
        };
        db.QuizDailyAnswers.Add(answer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw AlreadyAnswered(); // a second tap raced the first: one answer per day (primary key)
        }

        return TypedResults.Ok(await ViewAsync(db, workerId, daily.Day, version, answer, ct));
    }

    public static async Task<Ok<Calendar>> Month([AsParameters] CalendarQuery query, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var today = ChinaTime.Today(time);
        var first = query.Month is { } month ? DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(today.Year, today.Month, 1);
        var next = first.AddMonths(1);
        var days = await db.QuizDailyAnswers.AsNoTracking().Where(a => a.WorkerId == workerId && a.Day >= first && a.Day < next)
            .OrderBy(a => a.Day).Select(a => new CalendarDay(a.Day, a.IsCorrect)).ToListAsync(ct);
        var streak = await StreakAsync(db, workerId, today, ct);
        var total = await db.QuizDailyAnswers.CountAsync(a => a.WorkerId == workerId, ct);
        return TypedResults.Ok(new Calendar(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), days, total, streak));
    }

    private static async Task<(QuizDailyQuestion Daily, QuizQuestionVersion Version)> TodayAsync(AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var daily = await DailyQuestions.ForDayAsync(db, ChinaTime.Today(time), time.GetUtcNow().UtcDateTime, ct)
            ?? throw DomainException.NotFound("quiz.daily.none", "题库中还没有题目，今日一题暂未开放");
        return (daily, await db.QuizQuestionVersions.AsNoTracking().SingleAsync(v => v.Id == daily.QuestionVersionId, ct));
    }

    private static async Task<View> ViewAsync(AppDbContext db, Guid workerId, DateOnly day, QuizQuestionVersion version, QuizDailyAnswer? answer, CancellationToken ct)
    {
        var result = answer is null ? null : new Result(answer.Chosen.Split(',', StringSplitOptions.RemoveEmptyEntries), answer.IsCorrect,
            [.. version.Answers().Order(StringComparer.Ordinal)], version.Explanation, answer.AnsweredAt);
        return new View(day, QuizViews.Plain(version, 1), answer is not null, result, await StreakAsync(db, workerId, day, ct));
    }

    /// <summary>Streaks need at most the days since the longest run began; a year of answers is a few hundred dates.</summary>
    private static async Task<StreakView> StreakAsync(AppDbContext db, Guid workerId, DateOnly today, CancellationToken ct)
    {
        var days = await db.QuizDailyAnswers.AsNoTracking().Where(a => a.WorkerId == workerId).Select(a => a.Day).ToListAsync(ct);
        var (current, longest) = Streaks.Of(days, today);
        return new StreakView(current, longest);
    }

    private static DomainException AlreadyAnswered() => DomainException.Conflict("quiz.daily.already_answered", "今天的题目已经答过了，明天再来吧");
}
