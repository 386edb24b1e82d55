namespace Changai.Domain.Identity;

/// <summary>
/// How long a source must wait after wrong passwords for one account: nothing for the first few (people mistype), then
/// doubling from one second up to a ceiling. It never locks the account itself — the wait belongs to the pair of account
/// and source, so a stranger hammering <c>yn.sheng</c> from one address slows only himself.
/// </summary>
public static class LoginBackoff
{
    /// <summary>The wait after the <paramref name="failures"/>-th wrong password in a row from one source.</summary>
    public static TimeSpan DelayAfter(long failures, int freeFailures, TimeSpan ceiling)
    {
        if (failures <= freeFailures)
        {
            return TimeSpan.Zero;
        }

        // 2^(n-1) seconds for the n-th failure past the free ones; the exponent is capped before it can overflow.
        var exponent = Math.Min(failures - freeFailures - 1, 30);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, exponent));
        return delay < ceiling ? delay : ceiling;
    }
}
