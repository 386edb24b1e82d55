using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Membership;

/// <summary>
/// 会籍转出 by an officer: a member of the officer's branch moved to a union anywhere in the province that takes members,
/// under the same rules as the member's own transfer, audited, told to the member, done once per Idempotency-Key.
/// </summary>
public sealed class TransferOutTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>A worker who joined 云内动力 (官渡区), approved by 昆明市's officer.</summary>
    private async Task<(WorkerSession Worker, Guid MemberId, string Number)> MemberAsync()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");
        var kunming = await api.OfficerAsync("km.shi");
        var joined = await (await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { })).ReadJsonAsync(HttpStatusCode.OK);
        var memberId = await api.WithDbAsync(db => db.Members.Where(m => m.WorkerId == worker.Id).Select(m => m.Id).SingleAsync());
        return (worker, memberId, (string)joined["membershipNumber"]!);
    }

    private static Task<HttpResponseMessage> TransferOutAsync(HttpClient officer, Guid memberId, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/officer/membership/members/{memberId}/transfer-out") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return officer.SendAsync(request);
    }

    [Fact]
    public async Task A_county_officer_moves_a_member_to_another_prefecture_and_the_member_is_told_and_the_card_follows()
    {
        var (worker, memberId, oldNumber) = await MemberAsync();
        var guandu = await api.OfficerAsync("km.guandu");
        var qujingUnion = await api.UnionIdAsync("5303JK001");
        var key = Guid.NewGuid().ToString();

        var moved = await (await TransferOutAsync(guandu, memberId, new { toUnionId = qujingUnion, reason = "调动到曲靖浩祥服饰工作" }, key)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", "已转入"), ((string?)moved["status"], (string?)moved["statusText"]));
        Assert.Equal("曲靖浩祥服饰有限公司工会", (string?)moved["to"]!["name"]);
        var newNumber = (string)moved["toNumber"]!;
        Assert.StartsWith("5303-", newNumber);
        Assert.Equal(oldNumber, (string?)moved["fromNumber"]);
        Assert.Equal(oldNumber.Split('-')[1], newNumber.Split('-')[1]); // join date kept

        // A retry with the same key gets the same answer and moves nothing again.
        var replay = await TransferOutAsync(guandu, memberId, new { toUnionId = qujingUnion, reason = "调动到曲靖浩祥服饰工作" }, key);
        Assert.Equal((string?)moved["id"], (string?)(await replay.ReadJsonAsync(HttpStatusCode.OK))["id"]);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await api.WithDbAsync(db => db.MembershipTransfers.CountAsync(t => t.MemberId == memberId)));

        // The member: the card carries the new union and number; the transfer is in the member's list; the inbox says so.
        var card = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((newNumber, "曲靖浩祥服饰有限公司工会"), ((string?)card["membershipNumber"], (string?)card["unionName"]));
        var mine = JsonNode.Parse(await (await worker.Http.GetAsync("/api/membership/transfers/mine")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Contains(mine, t => (string?)t!["id"] == (string?)moved["id"] && (string?)t["status"] == "approved");
        var notice = await api.WithDbAsync(db => db.Notifications.SingleAsync(n => n.RecipientId == worker.Id && n.Kind == "membership.transfer_approved"));
        Assert.Contains("曲靖浩祥服饰有限公司工会", notice.Body);
        Assert.Contains(newNumber, notice.Body);

        // One audit record, by the officer, naming both unions and the reason.
        var audit = await api.WithDbAsync(db => db.AuditRecords.SingleAsync(r => r.EntityId == Guid.Parse((string)moved["id"]!) && r.Action == "membership.transfer.out"));
        Assert.Equal("officer", audit.ActorType);
        Assert.Contains("调动到曲靖浩祥服饰工作", audit.Reason);
        Assert.Contains("曲靖浩祥服饰有限公司工会", audit.Reason);

        // Now outside 官渡区's branch: not found there any more.
        await (await TransferOutAsync(guandu, memberId, new { toUnionId = await api.UnionIdAsync("530111002"), reason = "再调动" }))
            .ProblemAsync(HttpStatusCode.NotFound, "membership.member_not_found");
    }

    [Fact]
    public async Task The_transfer_rules_answer_in_chinese_with_stable_codes()
    {
        var (worker, memberId, _) = await MemberAsync();
        var guandu = await api.OfficerAsync("km.guandu");

        // Another branch's officer does not see the member.
        await (await TransferOutAsync(await api.OfficerAsync("qj.shi"), memberId, new { toUnionId = await api.UnionIdAsync("5303JK001"), reason = "调动" }))
            .ProblemAsync(HttpStatusCode.NotFound, "membership.member_not_found");
        // No reason, no union.
        var invalid = await (await TransferOutAsync(guandu, memberId, new { toUnionId = Guid.Empty, reason = "" })).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("转出原因", invalid.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        // A union that takes no members directly, and the member's own union.
        await (await TransferOutAsync(guandu, memberId, new { toUnionId = await api.UnionIdAsync("5301"), reason = "调动" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.union_not_accepting");
        await (await TransferOutAsync(guandu, memberId, new { toUnionId = await api.UnionIdAsync("530111001"), reason = "调动" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.transfer_same_union");
        await (await TransferOutAsync(guandu, memberId, new { toUnionId = Guid.NewGuid(), reason = "调动" }))
            .ProblemAsync(HttpStatusCode.NotFound, "membership.union_not_found");

        // The member's own request waits for the receiving union: the officer cannot move the membership meanwhile.
        await (await worker.Http.PostAsJsonAsync("/api/membership/transfers", new { toUnionId = await api.UnionIdAsync("5303JK001"), reason = "到曲靖工作" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await TransferOutAsync(guandu, memberId, new { toUnionId = await api.UnionIdAsync("530111002"), reason = "调动" }))
            .ProblemAsync(HttpStatusCode.Conflict, "membership.transfer_pending");
        // Nothing of the refusals was written: the member is where they joined, with no transfer done.
        Assert.Equal(0, await api.WithDbAsync(db => db.MembershipTransfers.CountAsync(t => t.MemberId == memberId && t.Status == Changai.Domain.Membership.TransferStatus.Approved)));
        Assert.Equal(await api.UnionIdAsync("530111001"), await api.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UnionId).SingleAsync()));
    }
}
