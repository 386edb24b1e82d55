using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Organizations;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Organizations;

/// <summary>Importing the union tree over HTTP: template, dry run, all or nothing, re-import, update, scope.</summary>
public sealed class UnionImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static int next = Random.Shared.Next(1, 1_000_000);

    private static string NewCode(UnionKind kind) =>
        CreditCode.Complete($"8{CreditCode.ExpectedCategory(kind)}530102MC{Interlocked.Increment(ref next):D7}");

    private static string[] Row(string name, string code, string parent, string region = "530102", string kind = "基层工会", string contact = "") =>
        [name, code, parent, region, kind, "", "C", "2022-06-01", contact, "0871-65430000"];

    private static MultipartFormDataContent Upload(IEnumerable<string[]> rows, bool xlsx = false)
    {
        IReadOnlyList<string>[] sheet = [UnionSheet.Header, .. rows];
        var bytes = xlsx ? Xlsx.Write("工会", sheet) : Csv.Write(sheet);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        return new MultipartFormDataContent { { file, "file", xlsx ? "工会.xlsx" : "工会.csv" } };
    }

    /// <summary>A street union under 五华区 with two enterprise unions beneath it, one naming its parent by name.</summary>
    private static List<string[]> Tree(string suffix)
    {
        var street = NewCode(UnionKind.Regional);
        return
        [
            Row($"护国街道{suffix}总工会", street, "530102", kind: "区域性工会"),
            Row($"某某科技{suffix}有限公司工会", NewCode(UnionKind.Grassroots), street, contact: "李四"),
            Row($"某某餐饮{suffix}有限公司工会", NewCode(UnionKind.Grassroots), $"护国街道{suffix}总工会"),
        ];
    }

    private Task<int> UnionCountAsync() => api.WithDbAsync(db => db.Unions.CountAsync());

    [Fact]
    public async Task The_template_has_the_zh_CN_header()
    {
        var officer = await api.OfficerAsync("km.shi");
        var xlsx = await officer.GetAsync("/api/officer/unions/import/template").Expect(HttpStatusCode.OK);
        var rows = Xlsx.Read(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(UnionSheet.Header, rows[0].Cells);
        Assert.Contains("上级工会（代码或名称）", rows[0].Cells);
        var csv = await officer.GetStringAsync("/api/officer/unions/import/template?format=csv");
        Assert.StartsWith("工会名称,工会统一社会信用代码", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        await (await officer.GetAsync("/api/officer/unions/import/template?format=pdf")).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Bad_rows_are_named_by_row_and_column_and_nothing_is_written()
    {
        var officer = await api.OfficerAsync("km.shi");
        var rows = Tree("坏行");
        rows[1][1] = rows[1][1][..17] + (rows[1][1][^1] == '0' ? '1' : '0'); // a wrong check character
        rows[2][3] = "110101";
        var before = await UnionCountAsync();

        var dry = await (await officer.PostAsync("/api/officer/unions/import/dry-run", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        var errors = dry["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!, (string)e["message"]!)).ToList();
        Assert.Contains((3, "工会统一社会信用代码", "校验码不正确，请核对是否抄错"), errors);
        Assert.Contains((4, "行政区划代码", "110101 不在云南省内（云南省的代码以 53 开头）"), errors);

        var refused = await officer.PostAsync("/api/officer/unions/import", Upload(rows));
        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.import.invalid");
        Assert.Contains("第 3 行「工会统一社会信用代码」：校验码不正确", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("第 4 行「行政区划代码」：110101 不在云南省内（云南省的代码以 53 开头）", problem["errors"]!["rows"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(before, await UnionCountAsync());
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_the_import_creates_the_tree_searchable_at_once()
    {
        var officer = await api.OfficerAsync("km.shi");
        var rows = Tree("建树");
        var before = await UnionCountAsync();
        var audits = await api.WithDbAsync(db => db.AuditRecords.CountAsync());

        var dry = await (await officer.PostAsync("/api/officer/unions/import/dry-run", Upload(rows, xlsx: true))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((true, "xlsx", 3, 3, 0), ((bool)dry["dryRun"]!, (string)dry["format"]!, (int)dry["rows"]!, (int)dry["created"]!, (int)dry["errors"]!.AsArray().Count));
        Assert.Equal(before, await UnionCountAsync());
        Assert.Equal(audits, await api.WithDbAsync(db => db.AuditRecords.CountAsync()));

        var applied = await (await officer.PostAsync("/api/officer/unions/import", Upload(rows, xlsx: true))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((false, 3), ((bool)applied["dryRun"]!, (int)applied["created"]!));
        Assert.Equal(before + 3, await UnionCountAsync());
        var street = await api.WithDbAsync(db => db.Unions.SingleAsync(u => u.CreditCode == rows[0][1]));
        var wuhua = await api.WithDbAsync(db => db.Unions.SingleAsync(u => u.Code == "530102"));
        Assert.Equal((wuhua.Id, $"/53/5301/530102/{rows[0][1]}/", rows[0][1], UnionKind.Regional), (street.ParentId!.Value, street.Path, street.Code, street.Kind));
        var children = await api.WithDbAsync(db => db.Unions.Where(u => u.ParentId == street.Id).Select(u => u.Name).OrderBy(n => n).ToListAsync());
        Assert.Equal(["某某科技建树有限公司工会", "某某餐饮建树有限公司工会"], children.Order(StringComparer.Ordinal));
        Assert.Equal(3, await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "organizations.union.imported" && a.EntityType == "Union"
            && (a.Reason == rows[0][1] || a.Reason == rows[1][1] || a.Reason == rows[2][1]))));

        var worker = await api.NewWorkerAsync();
        var found = await worker.Http.GetStringAsync("/api/unions?keyword=" + Uri.EscapeDataString("某某科技建树"));
        var item = JsonNode.Parse(found)!["items"]!.AsArray().Single()!;
        Assert.Equal(("employerUnion", "护国街道建树总工会"), ((string)item["channel"]!, (string)item["parentName"]!));
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_a_changed_row_updates_its_union()
    {
        var officer = await api.OfficerAsync("km.shi");
        var rows = Tree("重导");
        await officer.PostAsync("/api/officer/unions/import", Upload(rows)).Expect(HttpStatusCode.OK);
        var count = await UnionCountAsync();
        var audits = await api.WithDbAsync(db => db.AuditRecords.CountAsync());

        var again = await (await officer.PostAsync("/api/officer/unions/import", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, 3), ((int)again["created"]!, (int)again["updated"]!, (int)again["unchanged"]!));
        Assert.Equal(count, await UnionCountAsync());
        Assert.Equal(audits, await api.WithDbAsync(db => db.AuditRecords.CountAsync()));

        rows[1][0] = "某某科技重导集团有限公司工会";
        rows[1][8] = "王五";
        var changed = await (await officer.PostAsync("/api/officer/unions/import", Upload(rows))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 1, 2), ((int)changed["created"]!, (int)changed["updated"]!, (int)changed["unchanged"]!));
        var union = await api.WithDbAsync(db => db.Unions.SingleAsync(u => u.CreditCode == rows[1][1]));
        Assert.Equal(("某某科技重导集团有限公司工会", "王五"), (union.Name, union.ContactName));
        Assert.Equal(count, await UnionCountAsync());
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "organizations.union.import_updated" && a.EntityId == union.Id)));
    }

    [Fact]
    public async Task An_officer_outside_the_subtree_is_refused()
    {
        var kunming = await api.OfficerAsync("km.shi");
        var rows = Tree("越权");
        await kunming.PostAsync("/api/officer/unions/import", Upload(rows)).Expect(HttpStatusCode.OK);
        var count = await UnionCountAsync();

        // 曲靖 cannot hang unions under 五华区, nor take over the ones 昆明 imported.
        var qujing = await api.OfficerAsync("qj.shi");
        var outsider = Tree("曲靖越权");
        var dry = await (await qujing.PostAsync("/api/officer/unions/import/dry-run", Upload([.. outsider, rows[1]]))).ReadJsonAsync(HttpStatusCode.OK);
        var messages = dry["errors"]!.AsArray().Select(e => $"{(int)e!["row"]!}|{(string)e["column"]!}|{(string)e["message"]!}").ToList();
        Assert.Contains("2|上级工会（代码或名称）|未找到上级工会“530102”：上级工会须在本文件中，或已在您管辖的工会中", messages);
        Assert.Contains("2|行政区划代码|530102 不在您所在工会（曲靖市总工会，530300）的地区范围内", messages);
        Assert.Contains($"5|工会统一社会信用代码|代码为 {rows[1][1]} 的工会已在系统中，但不在您的管辖范围内", messages);
        await (await qujing.PostAsync("/api/officer/unions/import", Upload(outsider))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "organizations.import.invalid");

        // An officer without 工会组织管理 does not reach the import at all.
        var reviewer = await api.OfficerAsync("km.wuhua");
        await (await reviewer.PostAsync("/api/officer/unions/import/dry-run", Upload(outsider))).ProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(count, await UnionCountAsync());
    }

    [Fact]
    public async Task The_console_page_checks_then_imports()
    {
        var (console, _) = await Console.ConsoleClient.LoginAsync(api, "km.shi");
        Assert.Contains("导入工会", await console.GetStringAsync("/console/unions/import"), StringComparison.Ordinal);
        var rows = Tree("管理台");
        rows[2][2] = "不存在的上级";
        async Task<HttpResponseMessage> PostAsync(string mode)
        {
            var token = await Console.ConsoleClient.TokenAsync(console, "/console/unions/import");
            var form = Upload(rows);
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent(mode), "mode");
            return await console.PostAsync("/console/unions/import", form);
        }

        var dry = await PostAsync("dryrun");
        var html = await dry.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Contains("<td class=\"num\">4</td><td>上级工会（代码或名称）</td><td>未找到上级工会“不存在的上级”", html, StringComparison.Ordinal);

        rows[2][2] = rows[0][1];
        var applied = await PostAsync("import");
        Assert.Contains("已导入：新增 3 个", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await api.WithDbAsync(db => db.Unions.AnyAsync(u => u.CreditCode == rows[2][1])));
    }
}
