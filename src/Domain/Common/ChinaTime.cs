namespace Changai.Domain.Common;

/// <summary>Dates a worker sees (join date, "today") are Beijing dates; storage is UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTime ToChina(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToChina(time.GetUtcNow().UtcDateTime));

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToChina(utc));

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
