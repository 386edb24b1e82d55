using Changai.Domain.Identity;

namespace Changai.Domain.Tests.Identity;

public sealed class LoginBackoffTests
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(15);

    [Fact]
    public void The_first_wrong_passwords_cost_nothing()
    {
        for (var n = 0; n <= 5; n++)
        {
            Assert.Equal(TimeSpan.Zero, LoginBackoff.DelayAfter(n, 5, Ceiling));
        }
    }

    [Fact]
    public void Each_further_wrong_password_doubles_the_wait()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), LoginBackoff.DelayAfter(6, 5, Ceiling));
        Assert.Equal(TimeSpan.FromSeconds(2), LoginBackoff.DelayAfter(7, 5, Ceiling));
        Assert.Equal(TimeSpan.FromSeconds(4), LoginBackoff.DelayAfter(8, 5, Ceiling));
        Assert.Equal(TimeSpan.FromSeconds(512), LoginBackoff.DelayAfter(15, 5, Ceiling));
    }

    [Fact]
    public void The_wait_stops_growing_at_the_ceiling_and_never_overflows()
    {
        Assert.Equal(Ceiling, LoginBackoff.DelayAfter(16, 5, Ceiling));
        Assert.Equal(Ceiling, LoginBackoff.DelayAfter(1_000_000, 5, Ceiling));
    }

    [Fact]
    public void Without_free_tries_the_first_wrong_password_already_waits()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), LoginBackoff.DelayAfter(1, 0, Ceiling));
    }
}
