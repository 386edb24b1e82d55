using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Membership;

/// <summary>
/// Claiming a membership the union already had (认领会籍): an exact match links at once; every other case answers alike and
/// goes to the member's union only when there is a record; nothing any endpoint answers tells whether an ID number is on file.
/// </summary>
public sealed class ClaimTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string ClaimPath = "/api/membership/claims";

    /// <summary>Imports one member into 云内动力 (官渡区), as the county officer would.</summary>
    private async Task<(string IdNumber, string Phone)> ImportedAsync(string name = "李秀兰", string joined = "2011-06-18", string external = "YN-2011-000456")
    {
        var (id, phone) = (MemberImportTests.Adult(), Phones.Random());
        var officer = await api.OfficerAsync("km.guandu");
        await officer.PostAsync("/api/officer/membership/members/import", MemberImportTests.Upload([MemberImportTests.Row(name, id, phone, joined: joined, external: external)]))
            .Expect(HttpStatusCode.OK);
        return (id, phone);
    }

    private async Task<WorkerSession> WorkerAsync(string idNumber, string phone, string name = "李秀兰")
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync(idNumber, phone, name);
        return worker;
    }

    private static async Task<JsonObject> ClaimAsync(WorkerSession worker, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ClaimPath);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await (await worker.Http.SendAsync(request)).ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The answer with what differs between any two claims by construction (the id and the submission instant) taken out.</summary>
    private static string WithoutIdentity(JsonNode claim)
    {
        var copy = claim.DeepClone().AsObject();
        copy.Remove("id");
        copy.Remove("submittedAt");
        return copy.ToJsonString();
    }

    private async Task<int> ResolveAsync(DateTime at)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MembershipClaims>().ResolveDueAsync(at, CancellationToken.None);
    }

    [Fact]
    public async Task The_same_ID_number_and_phone_link_at_once_and_the_card_keeps_the_original_join_date_and_number()
    {
        var (id, phone) = await ImportedAsync(joined: "2011-06-18", external: "YN-2011-000456");
        var worker = await WorkerAsync(id, phone);

        var claim = await ClaimAsync(worker);
        Assert.Equal(("linked", "已认领"), ((string)claim["status"]!, (string)claim["statusText"]!));
        Assert.Equal(("YN-2011-000456", "2011-06-18", "云南云内动力集团有限公司工会"),
            ((string)claim["membership"]!["externalNumber"]!, (string)claim["membership"]!["joinedOn"]!, (string)claim["membership"]!["unionName"]!));

        var card = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("2011-06-18", "YN-2011-000456", "李秀兰"), ((string)card["joinedOn"]!, (string?)card["externalNumber"], (string)card["name"]!));
        Assert.Matches(@"^5301-20110618-530111001-\d{5}$", (string)card["membershipNumber"]!);

        var member = await api.WithDbAsync(db => db.Members.SingleAsync(m => m.WorkerId == worker.Id));
        Assert.Equal((MemberSource.Import, (string?)null, (string?)null), (member.Source, member.IdNumberCipher, member.RegisteredName));
        Assert.True(await api.WithDbAsync(db => db.Notifications.AnyAsync(n => n.RecipientId == worker.Id && n.Kind == "membership.claimed")));
        Assert.True(await api.WithDbAsync(db => db.AuditRecords.AnyAsync(a => a.EntityId == member.Id && a.Action == "membership.member.claimed")));

        // Claimed means claimed: a second account with the same ID number and phone is only told 核对中.
        var other = await WorkerAsync(id, phone);
        Assert.Equal("pending", (string)(await ClaimAsync(other))["status"]!);
        await (await worker.Http.PostAsync(ClaimPath, null)).ProblemAsync(HttpStatusCode.Conflict, "membership.already_member");
    }

    [Fact]
    public async Task Another_phone_opens_a_claim_only_the_members_union_sees_and_approves()
    {
        var (id, _) = await ImportedAsync(name: "王建国", joined: "2008-01-10");
        var worker = await WorkerAsync(id, Phones.Random(), name: "王建国");
        var claim = await ClaimAsync(worker);
        Assert.Equal(("pending", "核对中"), ((string)claim["status"]!, (string)claim["statusText"]!));
        Assert.Null(claim["membership"]);
        await (await worker.Http.GetAsync("/api/membership/card")).ProblemAsync(HttpStatusCode.NotFound, "membership.not_member");
        var claimId = (string)claim["id"]!;

        // 五华区 is another branch: not in its list, 404 on the record itself.
        var wuhua = await api.OfficerAsync("km.wuhua");
        var elsewhere = await (await wuhua.GetAsync("/api/officer/membership/claims")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(elsewhere["items"]!.AsArray(), i => (string)i!["id"]! == claimId);
        await (await wuhua.GetAsync($"/api/officer/membership/claims/{claimId}")).ProblemAsync(HttpStatusCode.NotFound, "membership.claim_not_found");
        await (await wuhua.PostAsync($"/api/officer/membership/claims/{claimId}/approve", null)).ProblemAsync(HttpStatusCode.NotFound, "membership.claim_not_found");

        var union = await api.OfficerAsync("yunnei.gh");
        var queue = await (await union.GetAsync("/api/officer/membership/claims")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(queue["items"]!.AsArray(), i => (string)i!["id"]! == claimId);
        var detail = await (await union.GetAsync($"/api/officer/membership/claims/{claimId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((Masking.IdNumber(id), Masking.IdNumber(id), false, "王建国"),
            ((string)detail["record"]!["idNumberMasked"]!, (string)detail["claimant"]!["idNumberMasked"]!, (bool)detail["phoneMatches"]!, (string)detail["record"]!["name"]!));
        Assert.DoesNotContain(id, detail.ToJsonString());

        var approved = await (await union.PostAsync($"/api/officer/membership/claims/{claimId}/approve", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("linked", (string)approved["status"]!);
        var card = await (await worker.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("2008-01-10", (string)approved["membershipNumber"]!), ((string)card["joinedOn"]!, (string)card["membershipNumber"]!));
        var mine = await (await worker.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal("linked", (string)mine[0]!["status"]!);
        await (await union.PostAsync($"/api/officer/membership/claims/{claimId}/approve", null)).ProblemAsync(HttpStatusCode.Conflict, "membership.claim_already_decided");
        Assert.True(await api.WithDbAsync(db => db.AuditRecords.AnyAsync(a => a.Action == "membership.claim.approved" && a.EntityId == Guid.Parse(claimId))));
    }

    [Fact]
    public async Task A_refusal_and_a_claim_without_any_record_look_the_same_to_the_worker_from_start_to_end()
    {
        var (id, _) = await ImportedAsync(name: "赵敏");
        var mismatched = await WorkerAsync(id, Phones.Random(), name: "赵敏");
        var nobody = await WorkerAsync(MemberImportTests.Adult(), Phones.Random(), name: "赵敏");

        var withRecord = await ClaimAsync(mismatched);
        var withoutRecord = await ClaimAsync(nobody);
        Assert.Equal(WithoutIdentity(withoutRecord), WithoutIdentity(withRecord));
        Assert.Contains("个工作日内", (string)withRecord["message"]!);

        // The union refuses at once; the worker still reads 核对中, exactly like the claim nobody could check.
        var union = await api.OfficerAsync("km.guandu");
        await union.PostAsJsonAsync($"/api/officer/membership/claims/{withRecord["id"]}/refuse", new { reason = "电话核实非本人" }).Expect(HttpStatusCode.OK);
        var mineWith = await (await mismatched.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK);
        var mineWithout = await (await nobody.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal(WithoutIdentity(mineWithout[0]!), WithoutIdentity(mineWith[0]!));
        Assert.DoesNotContain("电话核实", mineWith.ToJsonString());

        // Nothing happens before the due date; at it, both end in the same run with the same words and the same notice.
        var resolvesAt = await api.WithDbAsync(db => db.MembershipClaims.Where(c => c.WorkerId == mismatched.Id).Select(c => c.ResolvesAt).SingleAsync());
        await ResolveAsync(resolvesAt.AddMinutes(-1));
        Assert.Equal("pending", (string)(await (await nobody.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK))[0]!["status"]!);
        Assert.True(await ResolveAsync(resolvesAt.AddMinutes(10)) >= 2);
        mineWith = await (await mismatched.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK);
        mineWithout = await (await nobody.Http.GetAsync($"{ClaimPath}/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal(("unverified", "未通过"), ((string)mineWith[0]!["status"]!, (string)mineWith[0]!["statusText"]!));
        Assert.Equal(WithoutIdentity(mineWithout[0]!), WithoutIdentity(mineWith[0]!));
        var notices = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == mismatched.Id || n.RecipientId == nobody.Id)
            .OrderBy(n => n.CreatedAt).Select(n => new { n.RecipientId, n.Kind, n.Title, n.Body }).ToListAsync());
        Assert.Equal(notices.Where(n => n.RecipientId == nobody.Id).Select(n => (n.Kind, n.Title, n.Body)),
            notices.Where(n => n.RecipientId == mismatched.Id).Select(n => (n.Kind, n.Title, n.Body)));

        // The union keeps its reason; a resolved claim can be claimed again (one open claim at a time).
        var decided = await (await union.GetAsync($"/api/officer/membership/claims/{withRecord["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("unverified", "电话核实非本人"), ((string)decided["status"]!, (string)decided["officerReason"]!));
        Assert.Equal("pending", (string)(await ClaimAsync(nobody))["status"]!);
        await (await nobody.Http.PostAsync(ClaimPath, null)).ProblemAsync(HttpStatusCode.Conflict, "membership.claim_open");
    }

    [Fact]
    public async Task Applying_to_join_with_an_ID_number_on_file_is_answered_like_any_application_and_the_approval_links_it()
    {
        var (id, _) = await ImportedAsync(name: "钱芳", joined: "2013-03-08", external: "GD-13-0088");
        var known = await WorkerAsync(id, Phones.Random(), name: "钱芳");
        var unknown = await WorkerAsync(MemberImportTests.Adult(), Phones.Random(), name: "钱芳");
        var union = await api.UnionIdAsync("530111002");
        var body = new { unionId = union, channel = "employerUnion" };

        var first = await (await known.Http.PostAsJsonAsync("/api/membership/applications", body)).ReadJsonAsync(HttpStatusCode.Created);
        var second = await (await unknown.Http.PostAsJsonAsync("/api/membership/applications", body)).ReadJsonAsync(HttpStatusCode.Created);
        static string Shape(JsonObject a)
        {
            var copy = a.DeepClone().AsObject();
            copy.Remove("id");
            copy.Remove("submittedAt");
            foreach (var entry in copy["timeline"]!.AsArray())
            {
                entry!.AsObject().Remove("at");
            }

            return copy.ToJsonString();
        }

        Assert.Equal(Shape(second), Shape(first));

        var officer = await api.OfficerAsync("km.guandu");
        var applicationId = (string)first["id"]!;
        var detail = await (await officer.GetAsync($"/api/officer/membership/applications/{applicationId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("存量会员相符", (string?)detail["registerMatch"]);
        Assert.Contains("GD-13-0088", (string?)detail["registerMatch"]);
        var clean = await (await officer.GetAsync($"/api/officer/membership/applications/{second["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null((string?)clean["registerMatch"]);

        var approved = await (await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { })).ReadJsonAsync(HttpStatusCode.OK);
        var card = await (await known.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("2013-03-08", "GD-13-0088", (string)approved["membershipNumber"]!),
            ((string)card["joinedOn"]!, (string?)card["externalNumber"], (string)card["membershipNumber"]!));
        Assert.Equal(1, await api.WithDbAsync(db => db.Members.CountAsync(m => m.WorkerId == known.Id)));
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_key_is_one_claim_and_incomplete_profiles_are_told_what_is_missing()
    {
        var worker = await WorkerAsync(MemberImportTests.Adult(), Phones.Random());
        var first = await ClaimAsync(worker, "claim-key-1");
        using var retry = new HttpRequestMessage(HttpMethod.Post, ClaimPath);
        retry.Headers.Add("Idempotency-Key", "claim-key-1");
        var replay = await worker.Http.SendAsync(retry);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((string)first["id"]!, (string)(await replay.ReadJsonAsync(HttpStatusCode.Created))["id"]!);
        Assert.Equal(1, await api.WithDbAsync(db => db.MembershipClaims.CountAsync(c => c.WorkerId == worker.Id)));

        // A claim in progress holds off an application (and the other way round), without saying more.
        var apply = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = await api.UnionIdAsync("530111001"), channel = "employerUnion" });
        await apply.ProblemAsync(HttpStatusCode.Conflict, "membership.claim_open");

        var bare = await api.NewWorkerAsync();
        var problem = await (await bare.Http.PostAsync(ClaimPath, null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.profile_incomplete");
        Assert.Contains("身份证号", (string)problem["detail"]!);
    }

    [Fact]
    public async Task The_console_queue_shows_the_record_beside_the_claimant_and_refuses_with_a_reason()
    {
        var (id, _) = await ImportedAsync(name: "孙悦");
        var worker = await WorkerAsync(id, Phones.Random(), name: "孙悦");
        var claimId = (string)(await ClaimAsync(worker))["id"]!;

        var (console, _) = await Console.ConsoleClient.LoginAsync(api, "yunnei.gh");
        Assert.Contains($"/console/members/claims/{claimId}", await console.GetStringAsync("/console/members/claims"), StringComparison.Ordinal);
        var page = await console.GetStringAsync($"/console/members/claims/{claimId}");
        Assert.Contains(Masking.IdNumber(id), page, StringComparison.Ordinal);
        Assert.Contains("与在册手机号不同", page, StringComparison.Ordinal);
        Assert.DoesNotContain(id, page, StringComparison.Ordinal);

        var token = await Console.ConsoleClient.TokenAsync(console, $"/console/members/claims/{claimId}");
        var refused = await console.PostAsync($"/console/members/claims/{claimId}/refuse", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["reason"] = "档案中无此人",
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(ClaimStatus.RefusedByOfficer, await api.WithDbAsync(db => db.MembershipClaims.Where(c => c.Id == Guid.Parse(claimId)).Select(c => c.Status).SingleAsync()));

        var wuhua = (await Console.ConsoleClient.LoginAsync(api, "km.wuhua")).Client;
        Assert.Equal(HttpStatusCode.NotFound, (await wuhua.GetAsync($"/console/members/claims/{claimId}")).StatusCode);
    }
}
