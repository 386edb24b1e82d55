using System.Globalization;
using System.Text.Json.Serialization;

namespace Changai.Domain.Common;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int TotalPages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;

    /// <summary>
    /// Where the next page starts, for lists paged by key (the officers' review queues): sent back as <c>cursor</c>, it
    /// reads the next page at the cost of the first, however deep. Absent on the last page and on other lists.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

/// <summary>
/// A position in a list ordered by a time and then an id (the key of a queue page): the last row of the page before.
/// Written as <c>ticks.id</c> (UTC ticks, id without dashes) so that it survives a query string untouched.
/// </summary>
public readonly record struct QueueCursor(DateTime At, Guid Id)
{
    public override string ToString() => At.Ticks.ToString(CultureInfo.InvariantCulture) + "." + Id.ToString("N");

    public static bool TryParse(string? text, out QueueCursor cursor)
    {
        cursor = default;
        var dot = text?.IndexOf('.') ?? -1;
        if (dot <= 0 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks || !Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id))
        {
            return false;
        }

        cursor = new QueueCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }

    /// <summary>Null for a malformed cursor, so a validator can refuse it.</summary>
    public static bool IsValid(string? text) => text is null || TryParse(text, out _);
}
