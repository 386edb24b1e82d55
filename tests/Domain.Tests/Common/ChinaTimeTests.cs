using Changai.Domain.Common;

namespace Changai.Domain.Tests.Common;

public sealed class ChinaTimeTests
{
    [Fact]
    public void A_Beijing_day_range_covers_from_its_midnight_to_the_next_in_UTC()
    {
        var (start, end) = ChinaTime.UtcRange(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22));
        Assert.Equal(new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 11, 22, 16, 0, 0, DateTimeKind.Utc), end);
        Assert.Equal((null, null), ChinaTime.UtcRange(null, null));
    }

    [Theory]
    [InlineData("2026-11-21", true)]
    [InlineData("2026-02-30", false)]
    [InlineData("2026/11/21", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_real_day_written_year_month_day_is_a_day(string? text, bool isDay) =>
        Assert.Equal(isDay, ChinaTime.ParseDay(text) is not null);
}
