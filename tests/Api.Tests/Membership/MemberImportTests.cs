using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Membership;
using Changai.Domain.Privacy;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Membership;

/// <summary>Importing a union's existing members (存量会员) over HTTP: template, dry run, every row check, all or nothing, re-import, scope, masking, audit.</summary>
public sealed class MemberImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>A valid ID number of someone born 1960–1985, old enough for every join date the tests use.</summary>
    internal static string Adult()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 365 * 25));
        var body = "530111" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return body + IdNumbers.Check(body);
    }

    internal static string[] Row(string name, string id, string phone, string union = "530111001", string joined = "2014-09-01", string external = "") =>
        [name, id, phone, union, joined, external];

    internal static MultipartFormDataContent Upload(IEnumerable<string[]> rows, bool xlsx = false)
    {
        IReadOnlyList<string>[] sheet = [MemberSheet.Header, .. rows];
        var file = new ByteArrayContent(xlsx ? Xlsx.Write("会员", sheet) : Csv.Write(sheet));
        file.Headers.ContentType = new MediaTypeHeaderValue(xlsx ? Xlsx.ContentType : "text/csv");
        return new MultipartFormDataContent { { file, "file", xlsx ? "会员.xlsx" : "会员.csv" } };
    }

    private Task<int> MemberCountAsync() => api.WithDbAsync(db => db.Members.CountAsync());

    [Fact]
    public async Task The_template_has_the_zh_CN_header_and_an_example_of_the_officers_union()
    {
        var officer = await api.OfficerAsync("yunnei.gh");
        var rows = Xlsx.Read(await (await officer.GetAsync("/api/officer/membership/members/import/template").Expect(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync());
        Assert.Equal(["姓名", "身份证号", "手机号", "所在工会（代码）", "入会日期", "原会员证号"], rows[0].Cells);
        Assert.Equal("530111001", rows[1].Cells[3]);
        var csv = await officer.GetStringAsync("/api/officer/membership/members/import/template?format=csv");
        Assert.StartsWith("姓名,身份证号,手机号", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_the_import_encrypts_numbers_and_audits()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (first, second) = (Adult(), Adult());
        var (phone1, phone2) = (Phones.Random(), Phones.Random());
        string[][] rows = [Row("李秀兰", first, phone1, external: "YN-2014-000321"), Row("王建国", second, phone2, union: "530111002", joined: "2009-03-15")];
        var before = await MemberCountAsync();
        var audits = await api.WithDbAsync(db => db.AuditRecords.CountAsync());

        var dry = await (await officer.PostAsync("/api/officer/membership/members/import/dry-run", Upload(rows, xlsx: true))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((true, "xlsx", 2, 2, 0, 0), ((bool)dry["dryRun"]!, (string)dry["format"]!, (int)dry["rows"]!, (int)dry["created"]!, (int)dry["unchanged"]!, (int)dry["errorCount"]!));
        var item = dry["items"]![0]!;
        Assert.Equal(("李秀兰", Masking.IdNumber(first), Masking.Phone(phone1), "云南云内动力集团有限公司工会", "create"),
            ((string)item["name"]!, (string)item["idNumberMasked"]!, (string)item["phoneMasked"]!, (string)item["unionName"]!, (string)item["action"]!));
        Assert.DoesNotContain(first, dry.ToJsonString());
        Assert.DoesNotContain(phone1, dry.ToJsonString());
        Assert.Equal(before, await MemberCountAsync());
        Assert.Equal(audits, await api.WithDbAsync(db => db.AuditRecords.CountAsync()));

        var applied = await (await officer.PostAsync("/api/officer/membership/members/import", Upload(rows, xlsx: true))).ReadJsonAsync(HttpStatusCode.OK);
        var importId = Guid.Parse((string)applied["importId"]!);
        Assert.Equal(before + 2, await MemberCountAsync());

        using var scope = api.Services.CreateScope();
        var protector = scope.ServiceProvider.GetRequiredService<FieldProtector>();
        var member = await api.WithDbAsync(db => db.Members.SingleAsync(m => m.IdNumberHash == protector.LookupHash(first)));
        Assert.Equal((MemberSource.Import, importId, "YN-2014-000321", new DateOnly(2014, 9, 1), (Guid?)null),
            (member.Source, member.ImportId!.Value, member.ExternalNumber, member.JoinedOn, member.WorkerId));
        Assert.Matches(@"^5301-20140901-530111001-\d{5}$", member.Number);
        Assert.DoesNotContain(first, member.IdNumberCipher);
        Assert.Equal((first, phone1, protector.LookupHash(phone1)), (protector.Unprotect(member.IdNumberCipher!), protector.Unprotect(member.PhoneCipher!), member.PhoneHash));
        Assert.Equal("李秀兰", member.RegisteredName);

        var audit = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == importId).OrderBy(a => a.Action).ToListAsync());
        Assert.Equal(["membership.members.imported", "membership.members.imported_into", "membership.members.imported_into"], audit.Select(a => a.Action));
        Assert.Contains("SHA-256", audit[0].Reason);
        Assert.Contains("新增 2 名会员（2 个工会）", audit[0].Reason);
        Assert.DoesNotContain(first, string.Join(" ", audit.Select(a => a.Reason)));

        // The roster shows imported members masked like entered data, marked unclaimed.
        var roster = await (await officer.GetAsync("/api/officer/membership/members?unclaimed=true&keyword=" + Uri.EscapeDataString("李秀兰"))).ReadJsonAsync(HttpStatusCode.OK);
        var listed = roster["items"]!.AsArray().Single(i => (string)i!["membershipNumber"]! == member.Number)!;
        Assert.Equal((Masking.IdNumber(first), Masking.Phone(phone1), "YN-2014-000321", false, "import"),
            ((string)listed["idNumberMasked"]!, (string)listed["phoneMasked"]!, (string?)listed["externalNumber"], (bool)listed["claimed"]!, (string)listed["source"]!));
        Assert.DoesNotContain(first, roster.ToJsonString());
    }

    [Fact]
    public async Task Every_row_check_names_row_and_column_in_Chinese_and_nothing_is_written()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var registered = Adult();
        await officer.PostAsync("/api/officer/membership/members/import", Upload([Row("赵强", registered, Phones.Random(), union: "530111002")])).Expect(HttpStatusCode.OK);
        var duplicate = Adult();
        var phone = Phones.Random();
        string[][] rows =
        [
            Row("李秀兰", IdNumbers.WithWrongCheck(Adult()), Phones.Random()),
            Row("王芳", Adult(), "0871-6543210"),
            Row("孙丽", Adult(), Phones.Random(), union: "530102001"),
            Row("周杰", duplicate, phone),
            Row("吴磊", duplicate, Phones.Random()),
            Row("郑爽", Adult(), phone),
            Row("冯娟", registered, Phones.Random()),
            Row("陈晨", Adult(), Phones.Random(), joined: "2099-01-01"),
        ];
        var before = await MemberCountAsync();

        var dry = await (await officer.PostAsync("/api/officer/membership/members/import/dry-run", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        var errors = dry["errors"]!.AsArray().Select(e => $"{(int)e!["row"]!}|{(string)e["column"]!}|{(string)e["message"]!}").ToList();
        Assert.Equal(
        [
            "2|身份证号|身份证号校验位不正确，请核对后重新输入",
            "3|手机号|“0871-6543210”不是有效的手机号（11 位，以 1 开头）",
            "4|所在工会（代码）|未找到代码为 530102001 的工会，或该工会不在您的管辖范围内",
            "6|身份证号|与第 5 行的身份证号重复",
            "7|手机号|与第 5 行的手机号重复（一个手机号只能登记一名会员）",
            "8|身份证号|该身份证号已是“一心堂药业集团股份有限公司工会”的在册会员，不能重复登记；如已转会，请先办理会籍转移",
            "9|入会日期|2099-01-01 晚于今天",
        ], errors);
        Assert.Equal((7, 0, 0), ((int)dry["errorCount"]!, (int)dry["created"]!, dry["items"]!.AsArray().Count));

        var refused = await officer.PostAsync("/api/officer/membership/members/import", Upload(rows));
        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "membership.import.invalid");
        Assert.StartsWith("有 7 处错误，未导入任何会员。第 2 行「身份证号」", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(7, problem["errors"]!["rows"]!.AsArray().Count);
        Assert.Equal(before, await MemberCountAsync());

        var empty = await officer.PostAsync("/api/officer/membership/members/import/dry-run", new MultipartFormDataContent { { new ByteArrayContent([]), "file", "空.csv" } });
        await empty.ProblemAsync(HttpStatusCode.BadRequest, "membership.import.empty");
        var unreadable = await officer.PostAsync("/api/officer/membership/members/import/dry-run", new MultipartFormDataContent { { new ByteArrayContent([(byte)'P', (byte)'K', 3, 4, 0, 0]), "file", "坏.xlsx" } });
        await unreadable.ProblemAsync(HttpStatusCode.BadRequest, "membership.import.unreadable");
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var officer = await api.OfficerAsync("km.guandu");
        string[][] rows = [Row("钱明", Adult(), Phones.Random()), Row("孙丽", Adult(), Phones.Random(), external: "GD-0007")];
        await officer.PostAsync("/api/officer/membership/members/import", Upload(rows)).Expect(HttpStatusCode.OK);
        var count = await MemberCountAsync();
        var audits = await api.WithDbAsync(db => db.AuditRecords.CountAsync());
        var sequence = await api.WithDbAsync(db => db.Unions.Where(u => u.Code == "530111001").Select(u => u.NextMemberSequence).SingleAsync());

        var again = await (await officer.PostAsync("/api/officer/membership/members/import", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 2, null), ((int)again["created"]!, (int)again["unchanged"]!, (string?)again["importId"]));
        Assert.All(again["items"]!.AsArray(), i => Assert.Equal("unchanged", (string)i!["action"]!));
        Assert.Equal(count, await MemberCountAsync());
        Assert.Equal(audits, await api.WithDbAsync(db => db.AuditRecords.CountAsync()));
        Assert.Equal(sequence, await api.WithDbAsync(db => db.Unions.Where(u => u.Code == "530111001").Select(u => u.NextMemberSequence).SingleAsync()));
    }

    [Fact]
    public async Task Officers_import_only_into_their_branch_and_need_membership_review()
    {
        var qujing = await api.OfficerAsync("qj.shi");
        var dry = await (await qujing.PostAsync("/api/officer/membership/members/import/dry-run", Upload([Row("李秀兰", Adult(), Phones.Random())]))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("未找到代码为 530111001 的工会，或该工会不在您的管辖范围内", (string)dry["errors"]![0]!["message"]!);

        // The county's own code is refused: members belong to a union that takes members.
        var guandu = await api.OfficerAsync("km.guandu");
        var county = await (await guandu.PostAsync("/api/officer/membership/members/import/dry-run", Upload([Row("李秀兰", Adult(), Phones.Random(), union: "530111")]))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("不直接发展会员", (string)county["errors"]![0]!["message"]!);

        var quiz = await api.OfficerAsync("km.quiz");
        await (await quiz.PostAsync("/api/officer/membership/members/import/dry-run", Upload([Row("李秀兰", Adult(), Phones.Random())])))
            .ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await quiz.GetAsync("/api/officer/membership/members")).ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");

        // The roster of another branch does not list these members.
        var wuhua = await api.OfficerAsync("km.wuhua");
        var roster = await (await wuhua.GetAsync("/api/officer/membership/members")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(roster["items"]!.AsArray(), i => ((string)i!["membershipNumber"]!).Contains("-530111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_console_page_checks_then_imports()
    {
        var (console, _) = await Console.ConsoleClient.LoginAsync(api, "km.guandu");
        Assert.Contains("导入存量会员", await console.GetStringAsync("/console/members/import"), StringComparison.Ordinal);
        var rows = new List<string[]> { Row("蒋文", Adult(), Phones.Random()), Row("韩梅", Adult(), "12345") };
        async Task<HttpResponseMessage> PostAsync(string mode)
        {
            var token = await Console.ConsoleClient.TokenAsync(console, "/console/members/import");
            var form = Upload(rows);
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent(mode), "mode");
            return await console.PostAsync("/console/members/import", form);
        }

        var html = await (await PostAsync("dryrun").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("<td class=\"num\">3</td><td>手机号</td><td>“12345”不是有效的手机号", html, StringComparison.Ordinal);

        rows[1][2] = Phones.Random();
        var applied = await (await PostAsync("import")).Content.ReadAsStringAsync();
        Assert.Contains("已导入：新增 2 名会员", applied, StringComparison.Ordinal);
        Assert.DoesNotContain(rows[0][1], applied, StringComparison.Ordinal);

        var roster = await console.GetStringAsync("/console/members?unclaimed=1&q=" + Uri.EscapeDataString("蒋文"));
        Assert.Contains(Masking.IdNumber(rows[0][1]), roster, StringComparison.Ordinal);
        Assert.Contains("存量导入（未认领）", roster, StringComparison.Ordinal);
        Assert.DoesNotContain(rows[0][1], roster, StringComparison.Ordinal);
    }
}
