using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Identity;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Organizations;

/// <summary>
/// Keeping the union tree over HTTP: one level at a time with counts, create, rename, move (the subtree, its scope and its
/// open applications follow at once) and close (members moved with transfer records the worker sees), each scoped and audited.
/// </summary>
public sealed class UnionTreeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static int next = Random.Shared.Next(1, 1_000_000);

    private static string NewCode(UnionKind kind) =>
        CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}530102MC{Interlocked.Increment(ref next):D7}");

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref next)}";

    private static string KindName(UnionKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    /// <summary>A new union under a parent (by code), through the API; returns its id and code.</summary>
    private async Task<(Guid Id, string Code, string Name)> CreateAsync(HttpClient officer, string parentCode, string name, UnionKind kind = UnionKind.Grassroots, string region = "530102")
    {
        var code = NewCode(kind);
        var created = await (await officer.PostAsJsonAsync("/api/officer/unions", new
        {
            parentId = await api.UnionIdAsync(parentCode), name, creditCode = code, kind = KindName(kind), regionCode = region, contactName = "王五",
        })).ReadJsonAsync(HttpStatusCode.Created);
        return (Guid.Parse((string)created["union"]!["id"]!), code, name);
    }

    private static async Task<JsonArray> ChildrenAsync(HttpClient officer, Guid parentId, bool closed = false) =>
        (await (await officer.GetAsync($"/api/officer/unions?parentId={parentId}&pageSize=200&includeClosed={closed}")).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private static JsonNode Child(JsonArray children, string name) => children.Single(c => (string)c!["name"]! == name)!;

    private async Task<WorkerSession> ApplicantAsync(Guid unionId)
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId, channel = "employerUnion" }).Expect(HttpStatusCode.Created);
        return worker;
    }

    private async Task<Guid> ApplicationOfAsync(WorkerSession worker) =>
        await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.WorkerId == worker.Id).OrderByDescending(a => a.CreatedAt).Select(a => a.Id).FirstAsync());

    private async Task<WorkerSession> MemberAsync(Guid unionId)
    {
        var worker = await ApplicantAsync(unionId);
        var officer = await api.OfficerAsync("km.shi");
        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{await ApplicationOfAsync(worker)}/approve", new { }).Expect(HttpStatusCode.OK);
        return worker;
    }

    private Task<(int Unions, int Audits, int Members)> SnapshotAsync() => api.WithDbAsync(async db =>
        (await db.Unions.CountAsync(), await db.AuditRecords.CountAsync(), await db.Members.CountAsync(m => m.Status == Domain.Membership.MembershipStatus.Active)));

    [Fact]
    public async Task The_tree_opens_one_level_at_a_time_with_counts_over_each_subtree()
    {
        var officer = await api.OfficerAsync("km.shi");
        var root = Assert.Single((await (await officer.GetAsync("/api/officer/unions")).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray())!;
        Assert.Equal(("5301", "昆明市总工会"), ((string)root["code"]!, (string)root["name"]!));
        var kunming = Guid.Parse((string)root["id"]!);

        var before = Child(await ChildrenAsync(officer, kunming), "官渡区总工会");
        Assert.True((int)before["children"]! >= 1);
        Assert.True((int)before["officers"]! >= 1); // km.guandu
        var wuhuaBefore = (int)Child(await ChildrenAsync(officer, kunming), "五华区总工会")["pendingApplications"]!;

        var worker = await ApplicantAsync(await api.UnionIdAsync("530111001"));
        var pending = Child(await ChildrenAsync(officer, kunming), "官渡区总工会");
        Assert.Equal((int)before["pendingApplications"]! + 1, (int)pending["pendingApplications"]!);
        Assert.Equal(wuhuaBefore, (int)Child(await ChildrenAsync(officer, kunming), "五华区总工会")["pendingApplications"]!);

        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{await ApplicationOfAsync(worker)}/approve", new { }).Expect(HttpStatusCode.OK);
        var approved = Child(await ChildrenAsync(officer, kunming), "官渡区总工会");
        Assert.Equal(((int)before["members"]! + 1, (int)before["pendingApplications"]!), ((int)approved["members"]!, (int)approved["pendingApplications"]!));
        var guanduChildren = await ChildrenAsync(officer, Guid.Parse((string)approved["id"]!));
        Assert.True((int)Child(guanduChildren, "云南云内动力集团有限公司工会")["members"]! >= 1);

        var hits = (await (await officer.GetAsync("/api/officer/unions/search?keyword=" + Uri.EscapeDataString("云内动力"))).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var hit = hits.Single(h => (string)h!["code"]! == "530111001")!;
        Assert.Equal(["昆明市总工会", "官渡区总工会"], hit["ancestors"]!.AsArray().Select(a => (string)a!["name"]!));

        await (await officer.GetAsync($"/api/officer/unions?parentId={kunming}&pageSize=500")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await officer.GetAsync("/api/officer/unions/search?keyword=")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var qujing = await api.OfficerAsync("qj.shi");
        await (await qujing.GetAsync($"/api/officer/unions?parentId={kunming}")).ProblemAsync(HttpStatusCode.NotFound, "organizations.union.not_found");
        await (await qujing.GetAsync($"/api/officer/unions/{kunming}")).ProblemAsync(HttpStatusCode.NotFound, "organizations.union.not_found");
        Assert.DoesNotContain("云内动力", await qujing.GetStringAsync("/api/officer/unions/search?keyword=" + Uri.EscapeDataString("云内动力")), StringComparison.Ordinal);
        var reviewer = await api.OfficerAsync("km.wuhua");
        await (await reviewer.GetAsync("/api/officer/unions")).ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_new_union_is_audited_scoped_and_found_by_workers_at_once()
    {
        var officer = await api.OfficerAsync("km.shi");
        var name = Unique("护国街道某科技有限公司工会");
        var (id, code, _) = await CreateAsync(officer, "530102", name);
        var detail = await (await officer.GetAsync($"/api/officer/unions/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((code, "530102", "grassroots", true), ((string)detail["union"]!["code"]!, (string)detail["union"]!["regionCode"]!,
            (string)detail["union"]!["kind"]!, (bool)detail["union"]!["acceptsMembers"]!));
        Assert.Equal(["昆明市总工会", "五华区总工会"], detail["ancestors"]!.AsArray().Select(a => (string)a!["name"]!));
        var union = await api.WithDbAsync(db => db.Unions.SingleAsync(u => u.Id == id));
        Assert.Equal(($"/53/5301/530102/{code}/", 3, code, "王五"), (union.Path, union.Depth, union.CreditCode, union.ContactName));
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "organizations.union.created" && a.EntityId == id && a.UnionId == id)));

        var worker = await api.NewWorkerAsync();
        var found = await (await worker.Http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(name))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("五华区总工会", (string)found["items"]![0]!["parentName"]!);

        var snapshot = await SnapshotAsync();
        var wuhua = await api.UnionIdAsync("530102");
        var bad = await (await officer.PostAsJsonAsync("/api/officer/unions", new
        {
            parentId = wuhua, name = "某工会", creditCode = code[..17] + (code[^1] == '0' ? '1' : '0'), kind = "grassroots", regionCode = "110101",
        })).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal("统一社会信用代码校验码不正确，请核对是否抄错", (string)bad["errors"]!["creditCode"]![0]!);
        Assert.Equal("行政区划代码：110101 不在云南省内（云南省的代码以 53 开头）", (string)bad["errors"]!["regionCode"]![0]!);
        await (await officer.PostAsJsonAsync("/api/officer/unions", new { parentId = wuhua, name = "某工会", creditCode = NewCode(UnionKind.Grassroots), kind = "province", regionCode = "530102" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await officer.PostAsJsonAsync("/api/officer/unions", new { parentId = wuhua, name = "某工会", creditCode = NewCode(UnionKind.Grassroots), kind = "grassroots", regionCode = "530111" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.region_outside_parent");
        await (await officer.PostAsJsonAsync("/api/officer/unions", new { parentId = await api.UnionIdAsync("530302"), name = "某工会", creditCode = NewCode(UnionKind.Grassroots), kind = "grassroots", regionCode = "530302" }))
            .ProblemAsync(HttpStatusCode.NotFound, "organizations.union.parent_not_found");
        await (await officer.PostAsJsonAsync("/api/officer/unions", new { parentId = wuhua, name = "某工会", creditCode = code, kind = "grassroots", regionCode = "530102" }))
            .ProblemAsync(HttpStatusCode.Conflict, "organizations.union.code_taken");
        await (await officer.PostAsJsonAsync("/api/officer/unions", new { parentId = wuhua, name, creditCode = NewCode(UnionKind.Grassroots), kind = "grassroots", regionCode = "530102" }))
            .ProblemAsync(HttpStatusCode.Conflict, "organizations.union.name_taken");
        Assert.Equal(snapshot, await SnapshotAsync());
    }

    [Fact]
    public async Task A_rename_shows_in_the_search_at_once_and_is_audited_with_before_and_after()
    {
        var officer = await api.OfficerAsync("km.shi");
        var (id, _, name) = await CreateAsync(officer, "530102", Unique("改名前工会"));
        var renamed = Unique("改名后工会");
        var edited = await (await officer.PutAsJsonAsync($"/api/officer/unions/{id}", new { name = renamed, contactName = "赵六", contactPhone = "0871-65430001" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(renamed, (string)edited["union"]!["name"]!);
        var worker = await api.NewWorkerAsync();
        Assert.Single((await (await worker.Http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(renamed))).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Empty((await (await worker.Http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(name))).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray());
        var audit = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == id && a.Action.StartsWith("organizations.union.")).ToListAsync());
        Assert.Contains(audit, a => a.Action == "organizations.union.renamed" && a.FromState == name && a.ToState == renamed);
        Assert.Contains(audit, a => a.Action == "organizations.union.updated" && a.Reason == "联系人：王五 → 赵六；联系电话：（空） → 0871-65430001");

        var bad = await (await officer.PutAsJsonAsync($"/api/officer/unions/{id}", new { name = renamed, contactPhone = "12345" })).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("联系电话", (string)bad["errors"]!["contactPhone"]![0]!, StringComparison.Ordinal);
        await (await officer.PutAsJsonAsync($"/api/officer/unions/{await api.UnionIdAsync("5301")}", new { name = "昆明市总工会（改）" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "organizations.union.own_union");
        await (await (await api.OfficerAsync("qj.shi")).PutAsJsonAsync($"/api/officer/unions/{id}", new { name = "越权改名" }))
            .ProblemAsync(HttpStatusCode.NotFound, "organizations.union.not_found");
    }

    [Fact]
    public async Task Moving_a_deep_subtree_takes_its_open_application_into_the_new_branch_at_once()
    {
        var officer = await api.OfficerAsync("km.shi");
        var street = await CreateAsync(officer, "530102", Unique("护国街道总工会"), UnionKind.Regional);
        var company = await CreateAsync(officer, street.Code, Unique("某集团工会"));
        var workshop = await CreateAsync(officer, company.Code, Unique("某集团一车间工会"));
        var worker = await ApplicantAsync(workshop.Id);
        var application = await ApplicationOfAsync(worker);
        var (guandu, wuhua) = (await api.OfficerAsync("km.guandu"), await api.OfficerAsync("km.wuhua"));
        await (await guandu.GetAsync($"/api/officer/membership/applications/{application}")).ProblemAsync(HttpStatusCode.NotFound, "membership.application_not_found");
        await wuhua.GetAsync($"/api/officer/membership/applications/{application}").Expect(HttpStatusCode.OK);

        // 官渡区 is another county: the move needs the new region, which the street union's descendants (same old region) take too.
        var guanduId = await api.UnionIdAsync("530111");
        var snapshot = await SnapshotAsync();
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = guanduId }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.region_outside_parent");
        Assert.Equal(snapshot, await SnapshotAsync());

        var moved = await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = guanduId, regionCode = "530111", reason = "区划调整" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["昆明市总工会", "官渡区总工会"], moved["ancestors"]!.AsArray().Select(a => (string)a!["name"]!));
        var unions = await api.WithDbAsync(db => db.Unions.Where(u => u.Id == street.Id || u.Id == company.Id || u.Id == workshop.Id).ToDictionaryAsync(u => u.Id));
        Assert.Equal(($"/53/5301/530111/{street.Code}/", 3, "530111"), (unions[street.Id].Path, unions[street.Id].Depth, unions[street.Id].RegionCode));
        Assert.Equal(($"/53/5301/530111/{street.Code}/{company.Code}/{workshop.Code}/", 5, "530111", "5301"),
            (unions[workshop.Id].Path, unions[workshop.Id].Depth, unions[workshop.Id].RegionCode, unions[workshop.Id].PrefectureCode));
        Assert.Equal(guanduId, unions[street.Id].ParentId);

        // Scope follows on the next request: 官渡区 sees and may decide the application, 五华区 no longer sees it.
        await guandu.GetAsync($"/api/officer/membership/applications/{application}").Expect(HttpStatusCode.OK);
        var queue = await (await guandu.GetAsync("/api/officer/membership/applications?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(queue["items"]!.AsArray(), i => (string)i!["id"]! == application.ToString());
        await (await wuhua.GetAsync($"/api/officer/membership/applications/{application}")).ProblemAsync(HttpStatusCode.NotFound, "membership.application_not_found");
        Assert.Equal(1, (int)Child(await ChildrenAsync(officer, guanduId), street.Name)["pendingApplications"]!);
        Assert.DoesNotContain(await ChildrenAsync(officer, await api.UnionIdAsync("530102")), c => (string)c!["name"]! == street.Name);

        var audits = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == street.Id && a.Action.StartsWith("organizations.union.moved")).ToListAsync());
        Assert.Contains(audits, a => a.Action == "organizations.union.moved" && a.UnionId == street.Id && a.Reason == "区划调整" && a.ToState!.Contains("官渡区总工会"));
        var wuhuaId = await api.UnionIdAsync("530102");
        Assert.Contains(audits, a => a.Action == "organizations.union.moved_out" && a.UnionId == wuhuaId);

        // The mini-program's search reads the new place at once.
        var searcher = await api.NewWorkerAsync();
        var found = await (await searcher.Http.GetAsync($"/api/unions?regionCode=530111&keyword={Uri.EscapeDataString(workshop.Name)}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(company.Name, (string)Assert.Single(found["items"]!.AsArray())!["parentName"]!);
        await guandu.PostAsJsonAsync($"/api/officer/membership/applications/{application}/approve", new { }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_move_under_itself_its_descendant_outside_the_subtree_or_of_the_own_union_is_refused_and_writes_nothing()
    {
        var officer = await api.OfficerAsync("km.shi");
        var street = await CreateAsync(officer, "530102", Unique("某街道总工会"), UnionKind.Regional);
        var company = await CreateAsync(officer, street.Code, Unique("某公司工会"));
        var snapshot = await SnapshotAsync();
        var path = await api.WithDbAsync(db => db.Unions.Where(u => u.Id == company.Id).Select(u => u.Path).SingleAsync());

        await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = company.Id }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.move_cycle");
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = street.Id }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.move_cycle");
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{company.Id}/move", new { newParentId = street.Id }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.same_parent");
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = await api.UnionIdAsync("530302"), regionCode = "530302" }))
            .ProblemAsync(HttpStatusCode.NotFound, "organizations.union.parent_not_found");
        await (await (await api.OfficerAsync("qj.shi")).PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = await api.UnionIdAsync("530302") }))
            .ProblemAsync(HttpStatusCode.NotFound, "organizations.union.not_found");
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{await api.UnionIdAsync("5301")}/move", new { newParentId = street.Id }))
            .ProblemAsync(HttpStatusCode.Forbidden, "organizations.union.own_union");
        var invalid = await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/move", new { newParentId = Guid.Empty, regionCode = "5301" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["newParentId", "regionCode"], invalid["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        Assert.Equal(snapshot, await SnapshotAsync());
        Assert.Equal(path, await api.WithDbAsync(db => db.Unions.Where(u => u.Id == company.Id).Select(u => u.Path).SingleAsync()));
    }

    [Fact]
    public async Task Closing_with_a_merge_moves_members_with_transfer_records_the_worker_sees()
    {
        var officer = await api.OfficerAsync("km.shi");
        var closing = await CreateAsync(officer, "530102", Unique("将合并的工会"));
        var receiving = await CreateAsync(officer, "530102", Unique("接收会员的工会"));
        var member = await MemberAsync(closing.Id);
        var oldNumber = (string)(await (await member.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK))["membershipNumber"]!;
        Assert.Contains(closing.Code, oldNumber, StringComparison.Ordinal);
        var applicant = await ApplicantAsync(closing.Id);
        var mover = await MemberAsync(await api.UnionIdAsync("530111001"));
        var transfer = await (await mover.Http.PostAsJsonAsync("/api/membership/transfers", new { toUnionId = closing.Id, reason = "换了工作" })).ReadJsonAsync(HttpStatusCode.Created);
        var closingOfficerName = $"hb.{Guid.NewGuid().ToString("N")[..8]}";
        var closingOfficer = await OfficerSheets.ActivatedAsync(api, officer, closingOfficerName, closing.Code, "入会审核");
        await closingOfficer.GetAsync("/api/officer/membership/applications").Expect(HttpStatusCode.OK);

        // Refused first, and nothing changes: a merge names its union; members need somewhere to go; a federation takes none.
        var snapshot = await SnapshotAsync();
        var noReceiver = await (await officer.PostAsJsonAsync($"/api/officer/unions/{closing.Id}/close", new { closure = "merged", reason = "企业合并" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal("合并时请选择并入的工会", (string)noReceiver["errors"]!["receivingUnionId"]![0]!);
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{closing.Id}/close", new { closure = "dissolved", reason = "企业注销" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.has_members");
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{closing.Id}/close", new { closure = "merged", reason = "企业合并", receivingUnionId = await api.UnionIdAsync("530102") }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.receiver_not_accepting");
        Assert.Equal(snapshot, await SnapshotAsync());

        var result = await (await officer.PostAsJsonAsync($"/api/officer/unions/{closing.Id}/close",
            new { closure = "merged", reason = "两企业合并（昆总工批〔2026〕12号）", receivingUnionId = receiving.Id })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((1, 1, 0, 1, 1), ((int)result["membersTransferred"]!, (int)result["applicationsMoved"]!, (int)result["applicationsReturned"]!,
            (int)result["transfersRefused"]!, (int)result["officersDisabled"]!));
        Assert.Equal((true, "合并", receiving.Name), ((bool)result["union"]!["union"]!["isClosed"]!, (string)result["union"]!["closureText"]!,
            (string)result["union"]!["mergedInto"]!["name"]!));

        // The member: a new number from the receiving union, the join date kept, a transfer record with its timeline, a message.
        var card = await (await member.Http.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(receiving.Name, (string)card["unionName"]!);
        Assert.Contains(receiving.Code, (string)card["membershipNumber"]!, StringComparison.Ordinal);
        var transfers = (await (await member.Http.GetAsync("/api/membership/transfers/mine")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
        var record = Assert.Single(transfers)!;
        Assert.Equal(("approved", closing.Name, receiving.Name, oldNumber, (string)card["membershipNumber"]!),
            ((string)record["status"]!, (string)record["from"]!["name"]!, (string)record["to"]!["name"]!, (string)record["fromNumber"]!, (string)record["toNumber"]!));
        Assert.StartsWith("工会合并，会籍由", (string)record["reason"]!, StringComparison.Ordinal);
        var step = Assert.Single(record["timeline"]!.AsArray())!;
        Assert.Equal(("membership.transfer.union_closed", "原工会撤销或合并，会籍随之转入新工会"), ((string)step["action"]!, (string)step["text"]!));
        var inbox = await (await member.Http.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(inbox["items"]!.AsArray(), n => (string)n!["title"]! == $"会籍已转入“{receiving.Name}”");

        // The applicant's open application is now with the receiving union; the transfer asked into the closed union is refused.
        var mine = (await (await applicant.Http.GetAsync("/api/membership/applications/mine")).ReadNodeAsync(HttpStatusCode.OK))[0]!;
        Assert.Equal((receiving.Id.ToString(), "submitted"), ((string)mine["union"]!["id"]!, (string)mine["status"]!));
        Assert.Contains(mine["timeline"]!.AsArray(), t => (string)t!["action"]! == "membership.application.union_moved");
        var refused = (await (await mover.Http.GetAsync("/api/membership/transfers/mine")).ReadNodeAsync(HttpStatusCode.OK)).AsArray()
            .Single(t => (string)t!["id"]! == (string)transfer["id"]!)!;
        Assert.Equal("rejected", (string)refused["status"]!);
        Assert.Contains(receiving.Name, (string)refused["reviewComment"]!, StringComparison.Ordinal);

        // The closed union's officer is disabled; the union leaves the search and the tree, keeping its row for the record.
        await (await api.CreateClient().PostAsJsonAsync("/api/auth/officer-login", new { username = closingOfficerName, password = "Imported2026" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "auth.disabled");
        await (await closingOfficer.GetAsync("/api/officer/membership/applications")).ProblemAsync(HttpStatusCode.Forbidden, "auth.officer_union_closed");
        var worker = await api.NewWorkerAsync();
        Assert.Empty((await (await worker.Http.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(closing.Name))).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray());
        var wuhua = await api.UnionIdAsync("530102");
        Assert.DoesNotContain(await ChildrenAsync(officer, wuhua), c => (string)c!["name"]! == closing.Name);
        Assert.True((bool)Child(await ChildrenAsync(officer, wuhua, closed: true), closing.Name)["isClosed"]!);
        await worker.CompleteIdentityAsync();
        await (await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = closing.Id, channel = "employerUnion" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.union_not_accepting");
        var audit = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == closing.Id || a.EntityId == receiving.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("organizations.union.closed", audit);
        Assert.Contains("organizations.union.merged_in", audit);
    }

    [Fact]
    public async Task A_union_with_child_unions_stays_open_and_without_a_receiver_its_applications_are_returned()
    {
        var officer = await api.OfficerAsync("km.shi");
        var street = await CreateAsync(officer, "530102", Unique("有下级的街道总工会"), UnionKind.Regional);
        await CreateAsync(officer, street.Code, Unique("街道下的公司工会"));
        var snapshot = await SnapshotAsync();
        var children = await (await officer.PostAsJsonAsync($"/api/officer/unions/{street.Id}/close", new { closure = "dissolved", reason = "撤销" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.union.has_children");
        Assert.Contains("1 个下级工会", (string)children["detail"]!, StringComparison.Ordinal);
        Assert.Equal(snapshot, await SnapshotAsync());

        var lone = await CreateAsync(officer, "530102", Unique("将撤销的工会"));
        var applicant = await ApplicantAsync(lone.Id);
        var result = await (await officer.PostAsJsonAsync($"/api/officer/unions/{lone.Id}/close", new { closure = "dissolved", reason = "企业注销" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, 1), ((int)result["membersTransferred"]!, (int)result["applicationsMoved"]!, (int)result["applicationsReturned"]!));
        var mine = (await (await applicant.Http.GetAsync("/api/membership/applications/mine")).ReadNodeAsync(HttpStatusCode.OK))[0]!;
        Assert.Equal("returned", (string)mine["status"]!);
        Assert.Contains("已撤销", (string)mine["reviewComment"]!, StringComparison.Ordinal);
        await (await officer.PostAsJsonAsync($"/api/officer/unions/{lone.Id}/close", new { closure = "dissolved", reason = "再次撤销" }))
            .ProblemAsync(HttpStatusCode.Conflict, "organizations.union.closed");
    }
}
