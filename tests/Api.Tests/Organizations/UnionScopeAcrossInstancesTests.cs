using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Organizations;

/// <summary>
/// Each API process keeps a subtree's union ids for the officer queues; two processes on one database show that a change
/// to the tree made through one is in the other's next request (no wait, no message between them).
/// </summary>
public sealed class UnionScopeAcrossInstancesTests
{
    private static int next = Random.Shared.Next(1, 1_000_000);

    private static async Task<(Guid Id, string Code, string Name)> CreateAsync(ApiFactory api, HttpClient officer, string parentCode, UnionKind kind, string region)
    {
        var code = CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}530102MC{Interlocked.Increment(ref next):D7}");
        var name = $"跨进程测试工会{Interlocked.Increment(ref next)}";
        var created = await (await officer.PostAsJsonAsync("/api/officer/unions", new
        {
            parentId = await api.UnionIdAsync(parentCode), name, creditCode = code,
            kind = char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..], regionCode = region, contactName = "王五",
        })).ReadJsonAsync(HttpStatusCode.Created);
        return (Guid.Parse((string)created["union"]!["id"]!), code, name);
    }

    private static async Task<Guid> ApplyAsync(ApiFactory api, Guid unionId)
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId, channel = "employerUnion" }).Expect(HttpStatusCode.Created);
        return await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.WorkerId == worker.Id).Select(a => a.Id).SingleAsync());
    }

    private static async Task<List<string>> QueueAsync(HttpClient officer) =>
        [.. (await (await officer.GetAsync("/api/officer/membership/applications?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(i => (string)i!["id"]!)];

    [Fact]
    public async Task A_union_created_or_moved_through_one_process_is_in_the_other_processes_next_queue_page()
    {
        await using var first = new ApiFactory();
        await using var second = ApiFactory.With(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = first.ConnectionString }, wechatVia: first);
        var city = await first.OfficerAsync("km.shi");
        var (guandu, wuhua) = (await second.OfficerAsync("km.guandu"), await second.OfficerAsync("km.wuhua"));

        // The second process reads (and keeps) both counties' subtrees before anything changes.
        var (guanduBefore, wuhuaBefore) = (await QueueAsync(guandu), await QueueAsync(wuhua));

        // Created through the first process, under 五华区: the second's 五华区 queue has its application at once.
        var street = await CreateAsync(first, city, "530102", UnionKind.Regional, "530102");
        var company = await CreateAsync(first, city, street.Code, UnionKind.Grassroots, "530102");
        var application = (await ApplyAsync(first, company.Id)).ToString();
        Assert.Contains(application, await QueueAsync(wuhua));
        Assert.DoesNotContain(application, await QueueAsync(guandu));
        Assert.DoesNotContain(application, guanduBefore.Concat(wuhuaBefore));

        // Moved through the first process into 官渡区: the second's next pages follow, both ways.
        await (await city.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = await first.UnionIdAsync("530111"), regionCode = "530111" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(application, await QueueAsync(guandu));
        Assert.DoesNotContain(application, await QueueAsync(wuhua));
        await guandu.GetAsync($"/api/officer/membership/applications/{application}").Expect(HttpStatusCode.OK);

        // And back through the second process: the first process's 官渡区 officer, who read the queue meanwhile, loses it.
        var guanduOnFirst = await first.OfficerAsync("km.guandu");
        Assert.Contains(application, await QueueAsync(guanduOnFirst));
        var cityOnSecond = await second.OfficerAsync("km.shi");
        await (await cityOnSecond.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = await first.UnionIdAsync("530102"), regionCode = "530102" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(application, await QueueAsync(guanduOnFirst));
        Assert.Contains(application, await QueueAsync(await first.OfficerAsync("km.wuhua")));
    }
}
