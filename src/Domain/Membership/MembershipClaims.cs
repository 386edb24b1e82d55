using System.Globalization;
using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Membership;

public sealed class MembershipClaimOptions
{
    public const string SectionName = "Membership:Claims";

    /// <summary>Working days (Monday–Friday) a claim waits for the union before it ends as 未通过; the worker is told this number.</summary>
    public int ReviewWorkingDays { get; set; } = 5;
}

public sealed class MemberImportOptions
{
    public const string SectionName = "Membership:Import";

    /// <summary>
    /// Write imported members with PostgreSQL's binary COPY (the default) rather than EF Core batches. Off only to measure
    /// the difference (tests/benchmarks/member-import.sh); SQLite always uses batches.
    /// </summary>
    public bool BinaryCopy { get; set; } = true;
}

/// <summary>
/// Ends the claims whose resolution time has passed without a link (<see cref="MembershipClaim.ResolvesAt"/>): those an
/// officer refused, those no officer got to, and those that never had a candidate — all in the same run, with the same
/// notification, so the worker cannot tell them apart. The recurring job <c>membership-claims</c> calls it.
/// </summary>
public sealed class MembershipClaims(AppDbContext db, TimeProvider time)
{
    public const string UnverifiedKind = "membership.claim_unverified";

    private const int Batch = 500;

    public Task<int> ResolveDueAsync(CancellationToken ct) => ResolveDueAsync(time.GetUtcNow().UtcDateTime, ct);

    public async Task<int> ResolveDueAsync(DateTime now, CancellationToken ct)
    {
        var resolved = 0;
        while (true)
        {
            var due = await db.MembershipClaims
                .Where(c => MembershipClaim.OpenStatuses.Contains(c.Status) && c.ResolvesAt <= now)
                .OrderBy(c => c.ResolvesAt).ThenBy(c => c.Id).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                return resolved;
            }

            foreach (var claim in due)
            {
                var from = claim.Status.ToString();
                claim.Resolve(now);
                db.Record(now, AuditTrail.System, null, nameof(MembershipClaim), claim.Id, "membership.claim.unverified", from, nameof(ClaimStatus.Unverified),
                    "核对期限已到，未认领", claim.UnionId);
                db.Enqueue(now, Outbox.WorkerRecipient, claim.WorkerId, UnverifiedKind, claim.Id, "unverified", "会籍认领未通过", MembershipClaim.UnverifiedText,
                    $"pages/membership/claim?id={claim.Id}", new Dictionary<string, string>
                    {
                        ["status"] = "未通过",
                        ["time"] = Common.ChinaTime.ToChina(now).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
                    });
            }

            // A claim linked by an officer at this moment wins (its version changed): the run leaves it alone next time round.
            try
            {
                await db.SaveChangesAsync(ct);
                resolved += due.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            db.ChangeTracker.Clear();
        }
    }
}

public static class MembershipSetup
{
    /// <summary>The claim options and the resolution service; both hosts (API, Jobs) call it, and calling it twice is harmless.</summary>
    public static IServiceCollection AddMembership(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MembershipClaims)))
        {
            return services;
        }

        services.AddOptions<MembershipClaimOptions>().BindConfiguration(MembershipClaimOptions.SectionName)
            .Validate(o => o.ReviewWorkingDays is >= 1 and <= 30, "Membership:Claims:ReviewWorkingDays 应为 1–30 个工作日")
            .ValidateOnStart();
        services.AddOptions<MemberImportOptions>().BindConfiguration(MemberImportOptions.SectionName);
        services.AddScoped<MembershipClaims>();
        return services;
    }
}
