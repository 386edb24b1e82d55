using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changai.Api.Identity;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Identity;
using Xunit;
using Xunit.Abstractions;

namespace Changai.Api.Tests.GoLive;

/// <summary>
/// The first day of a real deployment, as the runbook in docs/operations.md ("First day") tells the operator to do it:
/// a Production-configured API on an empty PostgreSQL database with Redis, no demo data, WeChat reached only through the
/// production client at the simulator's own address. Bootstrap → union tree → officers → member roster → members claim,
/// a mismatched claim goes to the right officer, a new worker joins an imported union.
/// </summary>
public sealed partial class FirstDayTests(ITestOutputHelper output)
{
    private const string AdminPassword = "Yunnan2026first";
    private const int MemberCount = 20_000;

    private readonly Stopwatch clock = Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    [PostgresFact]
    public async Task From_an_empty_database_the_operator_and_the_officers_bring_the_province_live()
    {
        var sheets = new FirstDaySheets();
        var wechatApp = WeChatApp.New();
        await using var wechat = await WeChatServer.StartAsync(wechatApp);
        await using var settings = await ProductionSettings.CreateAsync(wechatApp, wechat.BaseAddress);
        Step($"WeChat simulator at {wechat.BaseAddress}, empty database created");

        // 1. The first administrator. The runbook's command is `dotnet Changai.Api.dll admin bootstrap …`; Program.cs hands
        // those arguments unchanged to AdminCommands.RunAsync, which builds the API's own services (same configuration
        // sources, same production checks, migrates the empty database) — so the test calls that entry in-process with the
        // runbook's arguments and settings, rather than starting a second `dotnet` process (several seconds on this machine
        // for nothing the entry does not already do; AnyAddressTests proves the built dll starts as a process).
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await AdminCommands.RunAsync(
        [
            "admin", "bootstrap", "--username", "yn.admin", "--union-code", "53", "--union-name", "云南省总工会", "--display-name", "省总工会 系统管理员",
            "--environment=Production", "--contentRoot=" + Organizations.BootstrapTests.ApiProjectDirectory(), .. settings.AsArguments(),
        ], stdout, stderr);
        Assert.True(exit == AdminCommands.Ok, stderr.ToString());
        var oneTimePassword = OneTimePassword().Match(stdout.ToString()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(oneTimePassword), stdout.ToString());
        Step("admin bootstrap: 云南省总工会 and yn.admin created");

        await using var api = new ProductionApi(settings);
        var anonymous = api.CreateClient();
        await anonymous.GetAsync("/health/ready").Expect(HttpStatusCode.OK);
        // Production: nothing of the embedded default is there — no simulator, no demo officers.
        await anonymous.PostAsJsonAsync("/wechat-sim/dev/login-code", new { }).Expect(HttpStatusCode.NotFound);
        await (await anonymous.PostAsJsonAsync("/api/auth/officer-login", new { username = "km.shi", password = "Demo@2026yn" }))
            .ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        Step("API started in Production");

        // 2. The administrator logs in; nothing opens until the one-time password is changed.
        var admin = await OfficerLoginAsync(api, "yn.admin", oneTimePassword);
        await (await admin.GetAsync("/api/officer/unions/import/template")).ProblemAsync(HttpStatusCode.Forbidden, "auth.password_change_required");
        var changed = await (await admin.PostAsJsonAsync("/api/officer/password",
            new { currentPassword = oneTimePassword, newPassword = AdminPassword, confirmPassword = AdminPassword })).ReadJsonAsync(HttpStatusCode.OK);
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)changed["accessToken"]!);

        // 3. The union tree: dry run, then all of it.
        var dryRun = await (await admin.PostAsync("/api/officer/unions/import/dry-run", sheets.UnionUpload())).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((sheets.UnionCount, sheets.UnionCount, 0), ((int)dryRun["rows"]!, (int)dryRun["created"]!, dryRun["errors"]!.AsArray().Count));
        Assert.Equal(0, (int)(await ProvinceAsync(admin))["children"]!); // the dry run wrote nothing
        var imported = await (await admin.PostAsync("/api/officer/unions/import", sheets.UnionUpload())).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((false, sheets.UnionCount), ((bool)imported["dryRun"]!, (int)imported["created"]!));
        Assert.True(sheets.UnionCount + 1 >= 2000, $"the tree has {sheets.UnionCount + 1} unions");
        var province = await ProvinceAsync(admin);
        Assert.Equal(("云南省总工会", 16), ((string)province["name"]!, (int)province["children"]!));
        // The same file again changes nothing (a union office will send it twice).
        var again = await (await admin.PostAsync("/api/officer/unions/import", sheets.UnionUpload())).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, sheets.UnionCount), ((int)again["created"]!, (int)again["updated"]!, (int)again["unchanged"]!));
        Step($"{sheets.UnionCount} unions imported");

        // 4. Officers: the 官渡区 county union, one of its enterprise unions, and 五华区's county union (another branch).
        var guandu = sheets.County("530111");
        var enterprise = sheets.GrassrootsIn("530111")[3];
        var wuhua = sheets.County("530102");
        var officerRows = new[]
        {
            ("gd.zhang", "官渡区总工会 张丽华", guandu, OfficerPermissions.ReviewMembership | OfficerPermissions.ManageUnions, "13888120001"),
            ("gd.qy.li", enterprise.Name[..^2] + " 李春梅", enterprise, OfficerPermissions.ReviewMembership, "13888120002"),
            ("wh.yang", "五华区总工会 杨文斌", wuhua, OfficerPermissions.ReviewMembership, ""),
        };
        var officerDry = await (await admin.PostAsync("/api/officer/officers/import/dry-run", FirstDaySheets.OfficerUpload(officerRows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((3, 0, 0), ((int)officerDry["created"]!, officerDry["errors"]!.AsArray().Count, officerDry["activations"]!.AsArray().Count));
        var officerReport = await (await admin.PostAsync("/api/officer/officers/import", FirstDaySheets.OfficerUpload(officerRows))).ReadJsonAsync(HttpStatusCode.OK);
        var codes = officerReport["activations"]!.AsArray().ToDictionary(a => (string)a!["username"]!, a => (string)a!["activationCode"]!);
        Assert.Equal(["gd.zhang", "gd.qy.li", "wh.yang"], codes.Keys);
        Assert.DoesNotContain("13888120001", officerReport.ToJsonString(), StringComparison.Ordinal);

        // Each officer activates with the code handed over in person, choosing a password; the code then is dead.
        var countyOfficer = await ActivateAsync(api, "gd.zhang", codes["gd.zhang"], "Guandu2026union");
        var unionOfficer = await ActivateAsync(api, "gd.qy.li", codes["gd.qy.li"], "Qiye2026member");
        var otherBranch = await ActivateAsync(api, "wh.yang", codes["wh.yang"], "Wuhua2026union");
        await (await anonymous.PostAsJsonAsync("/api/auth/officer-activation",
            new { username = "gd.zhang", activationCode = codes["gd.zhang"], newPassword = "Another2026pass", confirmPassword = "Another2026pass" }))
            .ProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_activation_code");
        await OfficerLoginAsync(api, "gd.qy.li", "Qiye2026member");
        Step("3 officers imported and activated");

        // 5. The member roster: 20,000 members in every enterprise union of the province, dry run then import.
        var members = sheets.Members(MemberCount);
        var memberDry = await (await admin.PostAsync("/api/officer/membership/members/import/dry-run", FirstDaySheets.MemberUpload(members))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((MemberCount, MemberCount, 0), ((int)memberDry["rows"]!, (int)memberDry["created"]!, (int)memberDry["errorCount"]!));
        Assert.Equal(0, (int)(await ProvinceAsync(admin))["members"]!);
        Step("20,000 members checked (dry run)");
        var memberReport = await (await admin.PostAsync("/api/officer/membership/members/import", FirstDaySheets.MemberUpload(members))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((MemberCount, 0), ((int)memberReport["created"]!, (int)memberReport["errorCount"]!));
        Assert.DoesNotContain(members[0].IdNumber, memberReport.ToJsonString(), StringComparison.Ordinal);
        Step("20,000 members imported");

        // What the officers see: the province holds all of them, the county its own, the roster masked.
        province = await ProvinceAsync(admin);
        Assert.Equal(MemberCount, (int)province["members"]!);
        var inEnterprise = members.Where(m => m.Union == enterprise).ToList();
        var inGuandu = members.Count(m => m.Union.RegionCode == "530111");
        var roster = await (await countyOfficer.GetAsync("/api/officer/membership/members?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(inGuandu, (int)roster["total"]!);
        var listed = roster["items"]!.AsArray().Select(i => (string)i!["idNumberMasked"]!).ToList();
        Assert.All(listed, masked => Assert.Matches(@"^5\*{16}[\dX]$", masked));
        Assert.Equal(inEnterprise.Count, (int)(await (await unionOfficer.GetAsync("/api/officer/membership/members")).ReadJsonAsync(HttpStatusCode.OK))["total"]!);

        // (a) A member whose ID number and phone are on the roster: WeChat login, profile, phone, claim → linked at once.
        var member = inEnterprise[0];
        var linkedWorker = await WeChatWorkerAsync(api, wechat, member.Name, member.IdNumber, member.Phone);
        var claim = await (await linkedWorker.PostAsync("/api/membership/claims", null)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("linked", "已认领"), ((string)claim["status"]!, (string)claim["statusText"]!));
        var card = await (await linkedWorker.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((member.Name, enterprise.Name, member.JoinedOn, member.ExternalNumber),
            ((string)card["name"]!, (string)card["unionName"]!, (string)card["joinedOn"]!, (string?)card["externalNumber"]));
        // The card's QR code, checked by a union officer at the door: name masked, union and number shown.
        var verified = await (await countyOfficer.PostAsJsonAsync("/api/membership/card/verify", new { token = (string)card["qrToken"]! })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((true, member.Name[..1] + "**", enterprise.Name, (string)card["membershipNumber"]!),
            ((bool)verified["valid"]!, (string)verified["maskedName"]!, (string)verified["unionName"]!, (string)verified["membershipNumber"]!));
        var profile = await (await linkedWorker.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((member.IdNumber[..1] + new string('*', 16) + member.IdNumber[^1..], "139****" + member.Phone[^4..]),
            ((string)profile["idNumberMasked"]!, (string)profile["phoneMasked"]!));
        Step("(a) a member claimed through WeChat: linked, card shown");

        // (b) The roster's ID number with another phone: pending, nothing revealed; the union's officer resolves it.
        var second = inEnterprise[1];
        var pendingWorker = await WeChatWorkerAsync(api, wechat, second.Name, second.IdNumber, "13577880011");
        var pending = await (await pendingWorker.PostAsync("/api/membership/claims", null)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("pending", "核对中"), ((string)pending["status"]!, (string)pending["statusText"]!));
        Assert.Null(pending["membership"]);
        await (await pendingWorker.GetAsync("/api/membership/card")).ProblemAsync(HttpStatusCode.NotFound, "membership.not_member");
        var claimId = (string)pending["id"]!;

        // Outside the branch (五华区): not in the queue, 404 on the claim itself and on deciding it.
        var otherQueue = await (await otherBranch.GetAsync("/api/officer/membership/claims")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)otherQueue["total"]!);
        await (await otherBranch.GetAsync($"/api/officer/membership/claims/{claimId}")).ProblemAsync(HttpStatusCode.NotFound, "membership.claim_not_found");
        await (await otherBranch.PostAsync($"/api/officer/membership/claims/{claimId}/approve", null)).ProblemAsync(HttpStatusCode.NotFound, "membership.claim_not_found");

        // The enterprise union's own officer (and the county above it) sees it, compares the masked record and links it.
        var countyQueue = await (await countyOfficer.GetAsync("/api/officer/membership/claims")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(countyQueue["items"]!.AsArray(), i => (string)i!["id"]! == claimId);
        var queue = await (await unionOfficer.GetAsync("/api/officer/membership/claims")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([claimId], queue["items"]!.AsArray().Select(i => (string)i!["id"]!));
        var detail = await (await unionOfficer.GetAsync($"/api/officer/membership/claims/{claimId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((false, second.Name, "139****" + second.Phone[^4..], "135****0011", second.ExternalNumber),
            ((bool)detail["phoneMatches"]!, (string)detail["record"]!["name"]!, (string)detail["record"]!["phoneMasked"]!,
                (string)detail["claimant"]!["phoneMasked"]!, (string?)detail["externalNumber"]));
        Assert.DoesNotContain(second.IdNumber, detail.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(second.Phone, detail.ToJsonString(), StringComparison.Ordinal);
        var decision = await (await unionOfficer.PostAsync($"/api/officer/membership/claims/{claimId}/approve", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("linked", (string)decision["status"]!);
        var secondCard = await (await pendingWorker.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((second.JoinedOn, second.ExternalNumber, (string)decision["membershipNumber"]!),
            ((string)secondCard["joinedOn"]!, (string?)secondCard["externalNumber"], (string)secondCard["membershipNumber"]!));
        Step("(b) a mismatched phone: pending, 404 outside the branch, linked by the union's officer");

        // (c) A new worker finds the imported enterprise union in the mini-program's search, applies, the officer approves.
        var newcomer = await WeChatWorkerAsync(api, wechat, "和晓燕", NewIdNumber(), "13577880022");
        var found = await (await newcomer.GetAsync("/api/unions?keyword=" + Uri.EscapeDataString(enterprise.Name))).ReadJsonAsync(HttpStatusCode.OK);
        var hit = found["items"]!.AsArray().Single(u => (string)u!["name"]! == enterprise.Name)!;
        var application = await (await newcomer.PostAsJsonAsync("/api/membership/applications", new { unionId = (string)hit["id"]!, channel = "employerUnion" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await otherBranch.GetAsync($"/api/officer/membership/applications/{application["id"]}")).ProblemAsync(HttpStatusCode.NotFound, "membership.application_not_found");
        var waiting = await (await unionOfficer.GetAsync("/api/officer/membership/applications")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(waiting["items"]!.AsArray(), i => (string)i!["id"]! == (string)application["id"]!);
        var approved = await (await unionOfficer.PostAsJsonAsync($"/api/officer/membership/applications/{application["id"]}/approve", new { }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var mine = await (await newcomer.GetAsync("/api/membership/applications/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", (string)approved["membershipNumber"]!, enterprise.Name),
            ((string)mine[0]!["status"]!, (string)mine[0]!["membershipNumber"]!, (string)mine[0]!["union"]!["name"]!));
        var newCard = await (await newcomer.GetAsync("/api/membership/card")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("和晓燕", enterprise.Name), ((string)newCard["name"]!, (string)newCard["unionName"]!));
        Step("(c) a new worker applied to an imported union, approved by its imported officer");

        // The tree the console shows: the enterprise union's members now include the newcomer; the county counts its branch.
        var enterpriseNode = await (await countyOfficer.GetAsync($"/api/officer/unions/{hit["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((inEnterprise.Count + 1, 1), ((int)enterpriseNode["union"]!["members"]!, (int)enterpriseNode["union"]!["officers"]!));
        province = await ProvinceAsync(admin);
        Assert.Equal(MemberCount + 1, (int)province["members"]!);
        Step("done");
    }

    /// <summary>The root of the administrator's tree, as the console's 工会组织 page opens it.</summary>
    private static async Task<JsonNode> ProvinceAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/api/officer/unions")).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Single()!;

    private static async Task<HttpClient> OfficerLoginAsync(ProductionApi api, string username, string password)
    {
        var http = api.CreateClient();
        var login = await (await http.PostAsJsonAsync("/api/auth/officer-login", new { username, password })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        return http;
    }

    private static async Task<HttpClient> ActivateAsync(ProductionApi api, string username, string code, string password)
    {
        var http = api.CreateClient();
        var tokens = await (await http.PostAsJsonAsync("/api/auth/officer-activation",
            new { username, activationCode = code, newPassword = password, confirmPassword = password })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens["accessToken"]!);
        return http;
    }

    /// <summary>
    /// What the mini-program does for a worker: wx.login at WeChat (the simulator's dev endpoint stands for the WeChat app),
    /// our login with that code (the API calls code2Session at the simulator), consent, profile, and getPhoneNumber.
    /// </summary>
    private static async Task<HttpClient> WeChatWorkerAsync(ProductionApi api, WeChatServer wechat, string name, string idNumber, string phone)
    {
        var code = await (await wechat.Dev.PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync(HttpStatusCode.OK);
        var http = api.CreateClient();
        var login = await (await http.PostAsJsonAsync("/api/auth/wechat-login", new { code = (string)code["code"]! })).ReadJsonAsync(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["accessToken"]!);
        await http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }).Expect(HttpStatusCode.OK);
        await http.PutAsJsonAsync("/api/me/profile", new
        {
            realName = name, idNumber, employer = "云南建投集团有限公司", industrySection = "C", occupation = "电工", skillLevel = "level4",
            employmentForm = "labourContract", countyCode = "530111", isEcologicalMigrant = false,
        }).Expect(HttpStatusCode.OK);
        var phoneCode = await (await wechat.Dev.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = phone })).ReadJsonAsync(HttpStatusCode.OK);
        await http.PostAsJsonAsync("/api/me/phone", new { code = (string)phoneCode["code"]! }).Expect(HttpStatusCode.OK);
        return http;
    }

    /// <summary>An ID number no roster row has (born 1995, after every generated birth date).</summary>
    private static string NewIdNumber()
    {
        const string body = "53011119950312045";
        return body + IdNumbers.Check(body);
    }

    [GeneratedRegex(@"一次性密码：(\S+)")]
    private static partial Regex OneTimePassword();
}
