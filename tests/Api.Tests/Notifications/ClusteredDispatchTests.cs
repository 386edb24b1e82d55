using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Changai.Api.Tests.Notifications;

/// <summary>
/// Two Jobs hosts, Hangfire servers on one PostgreSQL storage, dispatching 5,000 due notifications concurrently: the simulator
/// must receive each exactly once, none lost.
/// </summary>
public sealed class ClusteredDispatchTests(ITestOutputHelper output)
{
    private const int Workers = 500;
    private const int PerWorker = 10;

    [PostgresFact]
    public async Task Two_clustered_jobs_hosts_deliver_5000_notifications_exactly_once()
    {
        await using var api = new ApiFactory();
        var openIds = await DispatchKit.SeedAsync(api, Workers, PerWorker, "cluster");
        var hosts = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                hosts.Add(await DispatchKit.StartJobsHostAsync(api, new Dictionary<string, string?>
                {
                    ["Jobs:Schedules:dispatch-notifications"] = "* * * * * *",
                    ["Notifications:Senders"] = "8",
                }));
            }

            await DispatchKit.DrainedAsync(api, TimeSpan.FromMinutes(3));

            // Both hosts run a Hangfire server on the one storage.
            await using var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            Assert.Equal(2L, await new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection).ExecuteScalarAsync());
        }
        finally
        {
            await DispatchKit.StopAsync(hosts);
        }

        var deliveries = DispatchKit.Deliveries(await DispatchKit.MessagesAsync(api));
        output.WriteLine($"{deliveries.Count} at WeChat, {deliveries.Distinct().Count()} distinct; {await DispatchKit.BreakdownAsync(api)}");
        Assert.Equal(Workers * PerWorker, deliveries.Count);                 // none lost
        Assert.Equal(deliveries.Count, deliveries.Distinct().Count());       // none doubled
        Assert.All(openIds, o => Assert.Equal(PerWorker, deliveries.Count(d => d.StartsWith(o + "|", StringComparison.Ordinal)))); // each recipient got exactly theirs
        Assert.Equal(Workers * PerWorker, await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.DeliveryStatus == DeliveryStatus.Sent)));
        Assert.All(await api.WithDbAsync(db => db.SubscriptionCredits.Select(c => c.Credits).ToListAsync()), c => Assert.Equal(0, c)); // each credit spent once
    }
}
