using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Quiz;

/// <summary>
/// The draw anyone can re-check (tests/quiz/verify-draw.py does it in a few lines of Python). Before the campaign opens
/// the organiser commits to a random seed by publishing SHA-256(seed); after it closes the seed is revealed with the
/// eligible entry ids. The eligible ids are sorted (ordinal); for round r = 0, 1, … the first 8 bytes of
/// SHA-256("{seed}:{r}"), read as a big-endian unsigned integer, modulo the number of ids left, pick the next winner,
/// who leaves the list. Nobody can steer the result after publishing the hash, and anyone can recompute it.
/// </summary>
public static class PrizeDraw
{
    public const string Algorithm = "sha256-counter-v1";

    /// <summary>32 random bytes as 64 lowercase hex characters.</summary>
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lowercase hex SHA-256 of the seed's UTF-8 text: the commitment published when the campaign opens.</summary>
    public static string HashOf(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static IReadOnlyList<string> Winners(string seed, IEnumerable<string> eligible, int count)
    {
        var pool = eligible.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var winners = new List<string>();
        for (var round = 0; round < count && pool.Count > 0; round++)
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{round}"));
            var index = (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)pool.Count);
            winners.Add(pool[index]);
            pool.RemoveAt(index);
        }

        return winners;
    }

    /// <summary>How an entry (the attempt that qualified) is named in the published lists.</summary>
    public static string EntryId(Guid attemptId) => attemptId.ToString("D");
}

/// <summary>The outcome of a draw: the published eligible list, the winners in order, and how many were left out as high-risk.</summary>
public sealed record DrawOutcome(IReadOnlyList<string> Eligible, IReadOnlyList<QuizCampaignEntry> Winners, int ExcludedCount);

/// <summary>
/// Decides a campaign's prize winners: the perfect scores (draw) or the leaderboard's top (top N), without accounts that
/// WeChat's getUserRiskRank ranks high (marketing-cheat scene, from the address they submitted from).
/// </summary>
public sealed class PrizeDrawer(AppDbContext db, WeChatClient wechat, IOptions<QuizOptions> options, ILogger<PrizeDrawer> logger)
{
    public async Task<DrawOutcome> DecideAsync(QuizCampaign campaign, string seed, CancellationToken ct)
    {
        var entries = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.CampaignId == campaign.Id)
            .Where(e => campaign.PrizeKind != PrizeKind.DrawAmongPerfect || e.Score == 100)
            .OrderByDescending(e => e.RankKey).ThenByDescending(e => e.WorkerId)
            .ToListAsync(ct);
        if (campaign.PrizeKind == PrizeKind.TopN)
        {
            var winners = new List<QuizCampaignEntry>();
            var excluded = 0;
            // In leaderboard order, checking only as many as needed.
            foreach (var chunk in entries.Chunk(Math.Max(campaign.PrizeCount, 1)))
            {
                var risky = await HighRiskAsync(chunk, ct);
                excluded += chunk.Count(e => risky.Contains(e.WorkerId));
                winners.AddRange(chunk.Where(e => !risky.Contains(e.WorkerId)).Take(campaign.PrizeCount - winners.Count));
                if (winners.Count >= campaign.PrizeCount)
                {
                    break;
                }
            }

            return new DrawOutcome([.. winners.Select(w => PrizeDraw.EntryId(w.AttemptId))], winners, excluded);
        }

        var highRisk = await HighRiskAsync(entries, ct);
        var eligible = entries.Where(e => !highRisk.Contains(e.WorkerId)).ToDictionary(e => PrizeDraw.EntryId(e.AttemptId));
        var drawn = PrizeDraw.Winners(seed, eligible.Keys, campaign.PrizeCount);
        return new DrawOutcome([.. eligible.Keys.Order(StringComparer.Ordinal)], [.. drawn.Select(id => eligible[id])], entries.Count - eligible.Count);
    }

    private async Task<HashSet<Guid>> HighRiskAsync(IReadOnlyCollection<QuizCampaignEntry> entries, CancellationToken ct)
    {
        var workerIds = entries.Select(e => e.WorkerId).ToList();
        var attemptIds = entries.Select(e => e.AttemptId).ToList();
        var openIds = await db.Workers.Where(w => workerIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.OpenId, ct);
        var addresses = await db.QuizAttempts.Where(a => attemptIds.Contains(a.Id)).ToDictionaryAsync(a => a.WorkerId, a => a.ClientIp, ct);
        var risky = new ConcurrentBag<Guid>();
        try
        {
            await Parallel.ForEachAsync(workerIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (workerId, token) =>
            {
                var rank = await wechat.GetUserRiskRankAsync(
                    new UserRiskRankRequest(openIds[workerId], UserRiskScene.MarketingCheat, addresses.GetValueOrDefault(workerId) ?? "127.0.0.1"), token);
                if (rank.RiskRank >= options.Value.HighRiskRank)
                {
                    risky.Add(workerId);
                }
            });
        }
        catch (Exception e) when (e is WeChatApiException or WeChatTransportException)
        {
            logger.LogWarning("Risk check failed during a prize draw: {Error}", e.Message);
            throw new DomainException("quiz.draw.risk_check_failed", "微信风险核验暂时不可用，请稍后再开奖");
        }

        return [.. risky];
    }
}
