using System.Globalization;
using Changai.Domain.Common;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>Times as an officer in Yunnan reads them: Beijing time, Chinese order.</summary>
public static class ConsoleFormat
{
    public static string Time(DateTime utc) => ChinaTime.ToChina(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTime? utc) => utc is { } value ? Time(value) : "—";

    public static string Date(DateOnly? date) => date is { } d ? d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : "—";

    /// <summary>A rate from 0 to 1 as a whole percentage: 0.456 → "46%".</summary>
    public static string Percent(double rate) => Math.Round(rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
