using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Membership;

/// <summary>The issue's end-to-end journey: log in, fill the profile, apply, an officer above approves, the card verifies.</summary>
public sealed class JoinJourneyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_worker_joins_through_the_employer_union_and_gets_a_card_that_verifies()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random("530111");
        await worker.CompleteIdentityAsync(idNumber, "13987650000", "张建国");

        var profile = await (await worker.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(idNumber[..1] + "****************" + idNumber[^1..], (string?)profile["idNumberMasked"]);
        Assert.Equal("139****0000", (string?)profile["phoneMasked"]);
        Assert.True((bool)profile["industrialWorker"]!["isIndustrialWorker"]!);

        var unions = await (await worker.Http.GetAsync("/api/unions?keyword=云内动力")).ReadJsonAsync(HttpStatusCode.OK);
        var unionId = Guid.Parse((string)unions["items"]![0]!["id"]!);
        var applied = await (await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId, channel = "employerUnion", note = "车间推荐" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("submitted", (string?)applied["status"]);
        var applicationId = (string)applied["id"]!;

        // The Kunming city union is two levels above the enterprise union: inside its subtree.
        var officer = await api.OfficerAsync("km.shi");
        var queue = await (await officer.GetAsync("/api/officer/membership/applications")).ReadJsonAsync(HttpStatusCode.OK);
        var row = queue["items"]!.AsArray().Single(i => (string?)i!["id"] == applicationId)!;
        Assert.Equal("张建国", (string?)row["applicantName"]);
        Assert.Equal("139****0000", (string?)row["phoneMasked"]);
        Assert.DoesNotContain(idNumber, queue.ToJsonString());

        var decision = await (await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { comment = "材料齐全" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var number = (string)decision["membershipNumber"]!;
        Assert.Matches(new Regex(@"^5301-\d{8}-530111001-\d{5}$"), number);

        var card = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(number, (string?)card["membershipNumber"]);
        var verified = await (await officer.PostAsJsonAsync("/api/membership/card/verify", new { token = (string)card["qrToken"]! })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)verified["valid"]!);
        Assert.Equal("张**", (string?)verified["maskedName"]);
        Assert.Equal("云南云内动力集团有限公司工会", (string?)verified["unionName"]);

        var mine = await (await worker.Http.GetAsync("/api/membership/applications/mine")).ReadNodeAsync(HttpStatusCode.OK);
        var timeline = mine[0]!["timeline"]!.AsArray().Select(t => (string)t!["action"]!).ToList();
        Assert.Equal(["membership.application.submitted", "membership.application.approved"], timeline);
        Assert.Equal(number, (string?)mine[0]!["membershipNumber"]);

        // The approval wrote the worker's notification in the same transaction, once.
        var kinds = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id).Select(n => n.Kind).ToListAsync());
        Assert.Equal(1, kinds.Count(k => k == "membership.approved"));
    }

    [Fact]
    public async Task An_officer_of_another_prefecture_can_neither_see_nor_decide_the_application()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");

        var qujing = await api.OfficerAsync("qj.shi");
        var queue = await (await qujing.GetAsync("/api/officer/membership/applications?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(queue["items"]!.AsArray(), i => (string?)i!["id"] == applicationId.ToString());

        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", "", null), ("POST", "/reveal-id-number", null), ("POST", "/approve", new { }),
                     ("POST", "/reject", new { reason = "不符合" }), ("POST", "/return", new { reason = "补充材料" }),
                 })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), $"/api/officer/membership/applications/{applicationId}{path}")
            {
                Content = body is null ? null : JsonContent.Create(body),
            };
            await (await qujing.SendAsync(request)).ProblemAsync(HttpStatusCode.NotFound, "membership.application_not_found");
        }

        var status = await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync());
        Assert.Equal(ApplicationStatus.Submitted, status);
    }

    [Fact]
    public async Task Two_officers_approving_at_once_one_wins_and_the_other_gets_409()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");
        var guandu = await api.OfficerAsync("km.guandu");
        var city = await api.OfficerAsync("km.shi");

        var responses = await Task.WhenAll(
            guandu.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }),
            city.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }));

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.OK], responses.Select(r => r.StatusCode).OrderBy(s => s.ToString()).ToArray());
        var members = await api.WithDbAsync(db => db.Members.CountAsync(m => m.WorkerId == worker.Id));
        Assert.Equal(1, members);
        var approvals = await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.EntityId == applicationId && a.Action == "membership.application.approved"));
        Assert.Equal(1, approvals);
    }

    [Fact]
    public async Task A_returned_application_is_corrected_and_resubmitted_then_rejected_with_the_reason_shown()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");
        var officer = await api.OfficerAsync("km.guandu");

        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/return", new { reason = "请选择区域性工会" }).Expect(HttpStatusCode.OK);
        var regional = await api.UnionIdAsync("5301XJY01");
        var resubmitted = await (await worker.Http.PutAsJsonAsync($"/api/membership/applications/{applicationId}", new { unionId = regional, channel = "regionalUnion" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("submitted", (string?)resubmitted["status"]);

        // The regional union sits under the Kunming city union, not under 官渡区: the county officer loses sight of it.
        await (await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/reject", new { reason = "x" }))
            .ProblemAsync(HttpStatusCode.NotFound, "membership.application_not_found");
        var city = await api.OfficerAsync("km.shi");
        await city.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/reject", new { reason = "非本市户籍职工" }).Expect(HttpStatusCode.OK);

        var mine = await (await worker.Http.GetAsync("/api/membership/applications/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)mine[0]!["status"]);
        Assert.Equal("非本市户籍职工", (string?)mine[0]!["reviewComment"]);
        Assert.Equal(
            ["membership.application.submitted", "membership.application.returned", "membership.application.resubmitted", "membership.application.rejected"],
            mine[0]!["timeline"]!.AsArray().Select(t => (string)t!["action"]!).ToList());
        var notified = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id).Select(n => n.Kind).ToListAsync());
        Assert.Contains("membership.returned", notified);
        Assert.Contains("membership.rejected", notified);
    }

    [Fact]
    public async Task One_open_application_per_worker_and_one_membership_per_id_number_without_telling_the_applicant()
    {
        var idNumber = IdNumbers.Random();
        var first = await api.NewWorkerAsync();
        await first.CompleteIdentityAsync(idNumber);
        var applicationId = await api.ApplyAsync(first);
        var again = await first.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("530111002"), channel = "employerUnion" });
        await again.ProblemAsync(HttpStatusCode.Conflict, "membership.application_open");

        var officer = await api.OfficerAsync("km.guandu");
        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }).Expect(HttpStatusCode.OK);

        // A second WeChat account with the same ID number cannot join again, but is not told why: anyone can type any ID
        // number, so the answer would say whether that person is a member. The officer sees the match and cannot approve.
        var second = await api.NewWorkerAsync();
        await second.CompleteIdentityAsync(idNumber);
        var duplicateId = await api.ApplyAsync(second, "530111002");
        var detail = await (await officer.GetAsync($"/api/officer/membership/applications/{duplicateId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("会籍在另一个微信账号名下", (string?)detail["registerMatch"]);
        var refused = await officer.PostAsJsonAsync($"/api/officer/membership/applications/{duplicateId}/approve", new { });
        await refused.ProblemAsync(HttpStatusCode.Conflict, "membership.id_number_taken");
        Assert.Equal(1, await api.WithDbAsync(db => db.Members.CountAsync(m => m.WorkerId == first.Id || m.WorkerId == second.Id)));
    }

    [Fact]
    public async Task The_wrong_channel_for_a_union_is_refused_in_plain_words()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var response = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("5301XJY01"), channel = "employerUnion" });
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.channel_mismatch");
        Assert.Contains("区域性", (string?)problem["detail"]);

        var county = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("530111"), channel = "employerUnion" });
        await county.ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.union_not_accepting");
    }

    [Fact]
    public async Task Applying_without_a_complete_identity_lists_what_is_missing()
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("530111001"), channel = "employerUnion" });
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.profile_incomplete");
        Assert.Contains("身份证号", (string?)problem["detail"]);
        Assert.Contains("手机号", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Revealing_the_full_id_number_is_recorded_in_the_audit_trail()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random();
        await worker.CompleteIdentityAsync(idNumber);
        var applicationId = await api.ApplyAsync(worker);
        var officer = await api.OfficerAsync("km.guandu");

        var detail = await (await officer.GetAsync($"/api/officer/membership/applications/{applicationId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(idNumber, detail.ToJsonString());
        var revealed = await (await officer.PostAsync($"/api/officer/membership/applications/{applicationId}/reveal-id-number", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(idNumber, (string?)revealed["idNumber"]);

        var audits = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == applicationId && a.Action == "membership.id_number.revealed").ToListAsync());
        var audit = Assert.Single(audits);
        Assert.Equal("officer", audit.ActorType);
        Assert.NotNull(audit.ActorId);
    }

    [Fact]
    public async Task A_member_who_changes_jobs_moves_the_membership_and_the_old_card_stops_verifying()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");
        var kunming = await api.OfficerAsync("km.shi");
        var joined = await (await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { })).ReadJsonAsync(HttpStatusCode.OK);
        var oldCard = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);

        var transfer = await (await worker.Http.PostAsJsonAsync("/api/membership/transfers", new { toUnionId = await api.UnionIdAsync("5303JK001"), reason = "到曲靖浩祥服饰工作" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", (string?)transfer["status"]);

        // The sending side's officer cannot approve a transfer into another prefecture.
        await (await kunming.PostAsync($"/api/officer/membership/transfers/{transfer["id"]}/approve", null))
            .ProblemAsync(HttpStatusCode.NotFound, "membership.transfer_not_found");
        var qujing = await api.OfficerAsync("qj.shi");
        var queue = await (await qujing.GetAsync("/api/officer/membership/transfers")).ReadJsonAsync(HttpStatusCode.OK);
        var pending = queue["items"]!.AsArray().Single(i => (string?)i!["id"] == (string?)transfer["id"])!;
        Assert.Equal("云南云内动力集团有限公司工会", (string?)pending["from"]!["name"]);
        var kunmingQueue = await (await kunming.GetAsync("/api/officer/membership/transfers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(kunmingQueue["items"]!.AsArray(), i => (string?)i!["id"] == (string?)transfer["id"]);
        var approved = await (await qujing.PostAsync($"/api/officer/membership/transfers/{transfer["id"]}/approve", null)).ReadJsonAsync(HttpStatusCode.OK);
        var newNumber = (string)approved["toNumber"]!;
        Assert.StartsWith("5303-", newNumber);
        Assert.Equal(((string)joined["membershipNumber"]!).Split('-')[1], newNumber.Split('-')[1]); // join date kept
        Assert.Equal((string?)joined["membershipNumber"], (string?)approved["fromNumber"]);

        var verifyOld = await (await qujing.PostAsJsonAsync("/api/membership/card/verify", new { token = (string)oldCard["qrToken"]! })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)verifyOld["valid"]!);
        var card = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(newNumber, (string?)card["membershipNumber"]);
        Assert.Equal("曲靖浩祥服饰有限公司工会", (string?)card["unionName"]);
    }

    [Fact]
    public async Task A_forged_or_altered_card_token_does_not_verify()
    {
        var officer = await api.OfficerAsync("km.shi");
        var forged = await (await officer.PostAsJsonAsync("/api/membership/card/verify", new { token = "eyJNZW1iZXJJZCI6IjAwIn0.AAAA" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)forged["valid"]!);
        Assert.Null(forged["unionName"]);
    }
}
