using System.Linq.Expressions;
using Changai.Domain.Common;
using FluentValidation;

namespace Changai.Api.Infrastructure;

/// <summary>
/// The "submitted from … to …" filter of the officer lists: two Beijing days (yyyy-MM-dd, both optional, both included),
/// checked with one message and applied as one half-open UTC range, so every queue reads a date range the same way.
/// </summary>
public static class DayRange
{
    /// <summary>Null, or a day written “年-月-日”; the message names the field as the officer sees it.</summary>
    public static IRuleBuilderOptions<T, string?> IsDay<T>(this IRuleBuilder<T, string?> rule, string label) =>
        rule.Must(d => d is null || ChinaTime.ParseDay(d) is not null).WithMessage($"{label}应为“年-月-日”，如 2026-11-21");

    /// <summary>The rows whose <paramref name="at"/> falls on or after <paramref name="from"/> and on or before <paramref name="to"/> (Beijing days).</summary>
    public static IQueryable<T> Between<T>(this IQueryable<T> rows, Expression<Func<T, DateTime?>> at, DateOnly? from, DateOnly? to)
    {
        var (start, end) = ChinaTime.UtcRange(from, to);
        if (start is { } s)
        {
            rows = rows.Where(Compare(at, s, ExpressionType.GreaterThanOrEqual));
        }

        if (end is { } e)
        {
            rows = rows.Where(Compare(at, e, ExpressionType.LessThan));
        }

        return rows;
    }

    // The bound is read from a captured object, as a closure would be, so EF Core sends it as a parameter (one cached plan).
    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, DateTime?>> at, DateTime bound, ExpressionType op) =>
        Expression.Lambda<Func<T, bool>>(
            Expression.MakeBinary(op, at.Body, Expression.Property(Expression.Constant(new Bound(bound)), nameof(Bound.Value))), at.Parameters);

    private sealed record Bound(DateTime? Value);
}
