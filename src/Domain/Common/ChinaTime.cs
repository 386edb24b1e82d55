namespace Changai.Domain.Common;

/// <summary>Dates a worker sees (join date, "today") are Beijing dates; storage is UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTime ToChina(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToChina(time.GetUtcNow().UtcDateTime));

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToChina(utc));

    /// <summary>"2026-11-21" as a day (what a date field or a query string carries); null for anything else.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : null;

    /// <summary>The UTC instants from the start of Beijing day <paramref name="first"/> to the end of <paramref name="last"/> (either open).</summary>
    public static (DateTime? Start, DateTime? End) UtcRange(DateOnly? first, DateOnly? last) => (
        first is { } f ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(f.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), Zone) : null,
        last is { } l ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(l.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), Zone) : null);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: China has had no daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
