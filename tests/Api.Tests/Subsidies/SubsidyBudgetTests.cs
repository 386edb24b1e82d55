using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Subsidies;

/// <summary>Budgets and quotas under parallel final approvals, and the published, re-checkable draw.</summary>
public sealed class SubsidyBudgetTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [PostgresFact]
    public async Task Twenty_parallel_final_approvals_never_exceed_the_budget_or_a_county_quota()
    {
        var city = await api.OfficerAsync("km.shi");
        var budgetBound = await city.CreateHardshipProgramAsync("并发测试：总预算七千", 7000_00, ["city"]);
        var quotaBound = await city.CreateHardshipProgramAsync("并发测试：官渡区名额五千", 20_000_00, ["city"], quotas: [new { countyCode = "530111", quotaFen = 5000_00 }]);
        var workers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.MemberAsync()));
        var budgetApplications = new List<Guid>();
        var quotaApplications = new List<Guid>();
        foreach (var worker in workers)
        {
            budgetApplications.Add(await worker.SubmitHardshipAsync(budgetBound));
            quotaApplications.Add(await worker.SubmitHardshipAsync(quotaBound));
        }

        foreach (var (programId, applications, funded, refusal) in new[]
                 {
                     (budgetBound, budgetApplications, 7, "subsidies.budget_exhausted"),
                     (quotaBound, quotaApplications, 5, "subsidies.quota_exhausted"),
                 })
        {
            var responses = await Task.WhenAll(applications.Select(id => city.ApproveAsync(id)));
            Assert.Equal(funded, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            Assert.Equal(20 - funded, refused.Count);
            foreach (var response in refused)
            {
                await response.ProblemAsync(HttpStatusCode.Conflict, refusal);
            }

            var (committed, approved, stillWaiting) = await api.WithDbAsync(async db => (
                await db.SubsidyPrograms.Where(p => p.Id == programId).Select(p => p.CommittedFen).SingleAsync(),
                await db.SubsidyApplications.Where(a => a.ProgramId == programId && a.Status == SubsidyStatus.Approved).SumAsync(a => a.AmountFen ?? 0),
                await db.SubsidyApplications.CountAsync(a => a.ProgramId == programId && a.Status == SubsidyStatus.UnderReview)));
            Assert.Equal(funded * 1000_00L, committed);
            Assert.Equal(committed, approved);
            Assert.Equal(20 - funded, stillWaiting);
        }

        var quota = await api.WithDbAsync(db => db.SubsidyQuotas.Where(q => q.ProgramId == quotaBound).Select(q => q.CommittedFen).SingleAsync());
        Assert.Equal(5000_00, quota);
    }

    [Fact]
    public async Task Over_budget_approvals_are_refused_one_at_a_time_too()
    {
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("顺序测试：两千预算", 2000_00, ["city"]);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await (await api.MemberAsync()).SubmitHardshipAsync(programId));
        }

        await city.ApproveAsync(ids[0]).Expect(HttpStatusCode.OK);
        await city.ApproveAsync(ids[1]).Expect(HttpStatusCode.OK);
        await (await city.ApproveAsync(ids[2])).ProblemAsync(HttpStatusCode.Conflict, "subsidies.budget_exhausted");

        // Raising the budget lets the waiting one through; lowering it below what is reserved is refused.
        var detail = await (await city.GetAsync($"/api/officer/subsidies/programs/{programId}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await city.PutAsJsonAsync($"/api/officer/subsidies/programs/{programId}", UpdateBody(detail, budgetFen: 1000_00)))
            .ProblemAsync(HttpStatusCode.Conflict, "subsidies.budget_below_committed");
        await city.PutAsJsonAsync($"/api/officer/subsidies/programs/{programId}", UpdateBody(detail, budgetFen: 3000_00)).Expect(HttpStatusCode.OK);
        await city.ApproveAsync(ids[2]).Expect(HttpStatusCode.OK);

        var listed = await (await city.GetAsync("/api/officer/subsidies/programs")).ReadNodeAsync(HttpStatusCode.OK);
        var row = listed.AsArray().Single(p => (string?)p!["id"] == programId.ToString())!;
        Assert.Equal(3000_00, (long)row["committedFen"]!);
        Assert.Equal(0, (long)row["remainingFen"]!);
        Assert.Equal(3, (int)row["applications"]!["approved"]!);
        Assert.Contains(listed.AsArray(), p => (string?)p!["name"] == SubsidyActors.SkillProgram);
        var qujing = await (await (await api.OfficerAsync("qj.shi")).GetAsync("/api/officer/subsidies/programs")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(qujing.AsArray(), p => (string?)p!["id"] == programId.ToString());
        await (await (await api.OfficerAsync("qj.shi")).GetAsync($"/api/officer/subsidies/programs/{programId}")).ProblemAsync(HttpStatusCode.NotFound, "subsidies.program_not_found");
    }

    [Fact]
    public async Task A_lottery_programme_draws_after_the_window_and_anyone_can_recompute_the_winners()
    {
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("抽签测试：求学圆梦", 2000_00, ["city"], allocation: "lottery");
        var published = await (await city.GetAsync($"/api/officer/subsidies/programs/{programId}")).ReadJsonAsync(HttpStatusCode.OK);
        var seedHash = (string)published["lotterySeedHash"]!;
        Assert.Matches("^[0-9a-f]{64}$", seedHash);

        var workers = new List<WorkerSession>();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var worker = await api.MemberAsync();
            workers.Add(worker);
            var id = await worker.SubmitHardshipAsync(programId);
            ids.Add(id);
            var decision = await (await city.ApproveAsync(id)).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("awaitingDraw", (string?)decision["status"]);
        }

        Assert.Equal(0, await api.WithDbAsync(db => db.SubsidyPrograms.Where(p => p.Id == programId).Select(p => p.CommittedFen).SingleAsync()));
        var before = await (await workers[0].Http.GetAsync($"/api/subsidies/programs/{programId}/draw")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(seedHash, (string?)before["seedHash"]);
        Assert.Null(before["seed"]);
        await (await city.PostAsync($"/api/officer/subsidies/programs/{programId}/draw", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.window_open");

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await city.PutAsJsonAsync($"/api/officer/subsidies/programs/{programId}", UpdateBody(published, opensOn: today.AddDays(-3), closesOn: today.AddDays(-1)))
            .Expect(HttpStatusCode.OK);
        await city.PostAsync($"/api/officer/subsidies/programs/{programId}/draw", null).Expect(HttpStatusCode.OK);
        await (await city.PostAsync($"/api/officer/subsidies/programs/{programId}/draw", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.already_drawn");

        var result = await (await workers[0].Http.GetAsync($"/api/subsidies/programs/{programId}/draw")).ReadJsonAsync(HttpStatusCode.OK);
        var seed = (string)result["seed"]!;
        Assert.Equal(seedHash, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(seed))));
        var tickets = result["tickets"]!.AsArray();
        var expectedOrder = ids.Select(id => (Id: id, Ticket: Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id:D}")))))
            .OrderBy(t => t.Ticket, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedOrder.Select(t => t.Ticket), tickets.Select(t => (string)t!["ticket"]!));
        Assert.Equal(expectedOrder.Select(t => t.Id.ToString()), tickets.Select(t => (string)t!["applicationId"]!));
        Assert.Equal([true, true, false], tickets.Select(t => (bool)t!["selected"]!).ToList());

        var statuses = await api.WithDbAsync(db => db.SubsidyApplications.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Status));
        Assert.Equal(SubsidyStatus.Approved, statuses[expectedOrder[0].Id]);
        Assert.Equal(SubsidyStatus.Approved, statuses[expectedOrder[1].Id]);
        Assert.Equal(SubsidyStatus.NotSelected, statuses[expectedOrder[2].Id]);
        Assert.Equal(2000_00, await api.WithDbAsync(db => db.SubsidyPrograms.Where(p => p.Id == programId).Select(p => p.CommittedFen).SingleAsync()));
        var loser = workers[ids.IndexOf(expectedOrder[2].Id)];
        var kinds = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == loser.Id).Select(n => n.Title).ToListAsync());
        Assert.Contains("补贴抽签结果：未中签", kinds);
    }

    private static JsonObject UpdateBody(JsonObject detail, long? budgetFen = null, DateOnly? opensOn = null, DateOnly? closesOn = null) => new()
    {
        ["name"] = (string)detail["name"]!,
        ["description"] = (string?)detail["description"],
        ["opensOn"] = opensOn?.ToString("yyyy-MM-dd") ?? (string)detail["opensOn"]!,
        ["closesOn"] = closesOn?.ToString("yyyy-MM-dd") ?? (string)detail["closesOn"]!,
        ["budgetFen"] = budgetFen ?? (long)detail["budgetFen"]!,
        ["rules"] = detail["rules"]!.DeepClone(),
        ["quotas"] = new JsonArray(detail["quotas"]!.AsArray().Select(q => (JsonNode)new JsonObject { ["countyCode"] = (string)q!["countyCode"]!, ["quotaFen"] = (long)q["quotaFen"]! }).ToArray()),
        ["version"] = (int)detail["version"]!,
    };

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
