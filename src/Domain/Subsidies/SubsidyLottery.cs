using System.Security.Cryptography;
using System.Text;

namespace Changai.Domain.Subsidies;

public sealed record LotteryCandidate(Guid ApplicationId, long AmountFen, string? CountyCode);

public sealed record LotteryTicket(int Rank, Guid ApplicationId, string Ticket, long AmountFen, bool Selected);

/// <summary>
/// A draw anyone can check. The seed's SHA-256 is published when the programme opens; at the draw the seed is revealed.
/// Each candidate's ticket is SHA-256("seed:applicationId"); candidates are taken in ticket order (ties by id) while
/// the budget and their county's quota still cover their amount. Same seed and candidates, same winners.
/// </summary>
public static class SubsidyLottery
{
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static string Ticket(string seed, Guid applicationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{applicationId:D}")));

    public static IReadOnlyList<LotteryTicket> Draw(
        string seed, IEnumerable<LotteryCandidate> candidates, long remainingFen, IReadOnlyDictionary<string, long> remainingQuotaFen)
    {
        var quotas = new Dictionary<string, long>(remainingQuotaFen);
        var ranked = candidates
            .Select(c => (Candidate: c, Ticket: Ticket(seed, c.ApplicationId)))
            .OrderBy(c => c.Ticket, StringComparer.Ordinal).ThenBy(c => c.Candidate.ApplicationId.ToString("D"), StringComparer.Ordinal)
            .ToList();
        var result = new List<LotteryTicket>(ranked.Count);
        foreach (var (candidate, ticket) in ranked)
        {
            var county = candidate.CountyCode is not null && quotas.TryGetValue(candidate.CountyCode, out var quota) ? (long?)quota : null;
            var selected = candidate.AmountFen <= remainingFen && (county is null || candidate.AmountFen <= county);
            if (selected)
            {
                remainingFen -= candidate.AmountFen;
                if (county is not null)
                {
                    quotas[candidate.CountyCode!] = county.Value - candidate.AmountFen;
                }
            }

            result.Add(new LotteryTicket(result.Count + 1, candidate.ApplicationId, ticket, candidate.AmountFen, selected));
        }

        return result;
    }
}
