using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Common;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Subsidies;

/// <summary>The per-person yearly cap holds when one worker's submissions race (on SQLite and PostgreSQL alike).</summary>
public sealed class SubsidyYearlyCapTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [Fact]
    public async Task Parallel_submissions_of_one_worker_never_pass_the_yearly_cap()
    {
        var city = await api.OfficerAsync("km.shi");
        // Four programmes of the same kind, 1,000 yuan each, a cap of 2,500 yuan a year: two claims fit, never three.
        var programs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            programs.Add(await CreateCappedProgramAsync(city, $"年度上限并发测试 {i}", yearlyCapFen: 2500_00));
        }

        var worker = await api.MemberAsync();
        var drafts = new List<Guid>();
        foreach (var program in programs)
        {
            var id = await worker.StartAsync(program);
            await worker.Http.PutAsJsonAsync($"/api/subsidies/applications/{id}", new { hardshipTier = "general", statement = "家人重病" }).Expect(HttpStatusCode.OK);
            drafts.Add(id);
        }

        var responses = await Task.WhenAll(drafts.Select(id => worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null)));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await refused.ProblemAsync(HttpStatusCode.Conflict, "subsidies.yearly_cap_exceeded");
            Assert.Contains("每人每年", (string?)problem["detail"]);
        }

        var (claimed, counter) = await api.WithDbAsync(async db => (
            await db.SubsidyApplications.Where(a => a.WorkerId == worker.Id && a.Status == SubsidyStatus.UnderReview).SumAsync(a => a.AmountFen ?? 0),
            await db.SubsidyYearlyClaims.Where(c => c.WorkerId == worker.Id && c.Kind == SubsidyKind.HardshipAid).Select(c => c.ClaimedFen).SingleAsync()));
        Assert.Equal(2000_00, claimed);
        Assert.Equal(2000_00, counter);

        // A refused claim frees its share: once one is rejected, another fits again.
        var submitted = drafts.Where((_, i) => responses[i].StatusCode == HttpStatusCode.OK).ToList();
        var waiting = drafts.Where((_, i) => responses[i].StatusCode != HttpStatusCode.OK).ToList();
        await city.PostAsJsonAsync($"/api/officer/subsidies/applications/{submitted[0]}/reject", new { reason = "材料不实" }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsync($"/api/subsidies/applications/{waiting[0]}/submit", null).Expect(HttpStatusCode.OK);
        await (await worker.Http.PostAsync($"/api/subsidies/applications/{waiting[1]}/submit", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.yearly_cap_exceeded");
    }

    private static async Task<Guid> CreateCappedProgramAsync(HttpClient manager, string name, long yearlyCapFen)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var response = await manager.PostAsJsonAsync("/api/officer/subsidies/programs", new
        {
            name, kind = "hardshipAid", opensOn = today.AddDays(-1), closesOn = today, budgetFen = 100_000_00, allocation = "firstComeFirstServed", quotas = Array.Empty<object>(),
            rules = new
            {
                eligibility = new { minMembershipMonths = 0 },
                limits = new { yearlyCapFen },
                amount = new { kind = "hardshipTiers", hardshipTiers = new[] { new { code = "general", name = "一般困难", amountFen = 1000_00 } } },
                documents = Array.Empty<object>(),
                reviewChain = new[] { new { level = "city", deadlineDays = 5 } },
            },
        });
        return Guid.Parse((string)(await response.ReadJsonAsync(HttpStatusCode.Created))["id"]!);
    }
}
