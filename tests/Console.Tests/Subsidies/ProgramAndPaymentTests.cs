using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Subsidies;

/// <summary>Subsidy programmes set up in the console, and finance recording payments, importing a bank CSV and exporting lists.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProgramAndPaymentTests(ConsoleFixture console)
{
    private const string Hardship = "昆明市困难职工帮扶";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC");

    [Fact]
    public async Task A_programme_created_in_the_console_is_offered_to_workers_and_edited_while_another_branch_cannot_open_it()
    {
        var name = "昆明市数控技能提升补贴" + Random.Shared.Next(100, 999);
        var page = await console.LoggedInAsync("km.shi");
        await page.GetByRole(AriaRole.Link, new() { Name = "补贴项目" }).ClickAsync();
        await Expect(page.GetByTestId("programs")).ToContainTextAsync(Hardship);
        await page.GetByRole(AriaRole.Link, new() { Name = "新建补贴项目" }).ClickAsync();

        await page.GetByLabel("项目名称").FillAsync(name);
        await page.GetByLabel("总预算（元）").FillAsync("300000");
        await page.GetByLabel("四级/中级工 补贴金额（元）").FillAsync("1500");
        await page.GetByLabel("三级/高级工 补贴金额（元）").FillAsync("2500");
        // Documents and regions are picked by name; a document the catalogue lacks is named, never coded.
        await page.GetByTestId("documents").GetByLabel("身份证正反面").CheckAsync();
        await page.GetByLabel("其他材料（选填，写材料名称）").FillAsync("社保缴费记录");
        await page.Locator("fieldset.regions summary", new() { HasText = "昆明市" }).ClickAsync();
        await page.GetByLabel("昆明市全境").CheckAsync();
        // No review level at all: the API's rule comes back next to the form, in Chinese, with everything typed kept.
        await page.GetByLabel("基层工会（天）").FillAsync("");
        await page.GetByLabel("县（市、区）总工会（天）").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建补贴项目" }).ClickAsync();
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("审核层级至少一级");
        await Expect(page.GetByLabel("项目名称")).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("四级/中级工 补贴金额（元）")).ToHaveValueAsync("1500");
        await ConsoleFixture.ScreenshotAsync(page, "31-subsidy-program-form-error");

        await page.GetByLabel("县（市、区）总工会（天）").FillAsync("7");
        await page.GetByLabel("州（市）总工会（天）").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建补贴项目" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("补贴项目已创建");
        await Expect(page.GetByTestId("program-figures")).ToContainTextAsync("300,000元");
        var programUrl = page.Url;

        // A member of 云内动力 (under Kunming) sees it in the mini-program's list, with the amounts the console set.
        var worker = await MemberAsync("钱志强");
        var programs = (await ApiClient.ReadNodeAsync(await worker.GetAsync("/api/subsidies/programs"))).AsArray();
        var offered = programs.Single(p => (string?)p!["name"] == name)!;
        Assert.Equal("技能提升补贴", (string?)offered["kindText"]);
        Assert.Equal(300_000_00, (long)offered["budgetFen"]!);
        var levels = offered["rules"]!["amount"]!["levelTable"]!.AsArray();
        Assert.Contains(levels, l => (string?)l!["level"] == "level4" && (long)l["amountFen"]! == 1500_00);
        Assert.Contains(levels, l => (string?)l!["level"] == "level3" && (long)l["amountFen"]! == 2500_00);
        var documents = offered["rules"]!["documents"]!.AsArray().Select(d => (string?)d!["name"]).ToList();
        Assert.Contains("职业技能等级证书", documents);
        Assert.Contains("身份证正反面", documents);
        Assert.Contains("社保缴费记录", documents);
        Assert.Equal(["5301"], offered["rules"]!["eligibility"]!["regionCodes"]!.AsArray().Select(r => (string?)r).ToList());

        await page.GetByLabel("总预算（元）").FillAsync("350000");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("修改已保存");
        await Expect(page.GetByTestId("program-figures")).ToContainTextAsync("350,000元");
        await ConsoleFixture.ScreenshotAsync(page, "32-subsidy-program");

        await page.GetByRole(AriaRole.Link, new() { Name = "补贴项目" }).First.ClickAsync();
        await Expect(page.GetByTestId("programs").Locator("tbody tr", new() { HasText = name })).ToContainTextAsync("350,000元");
        await ConsoleFixture.ScreenshotAsync(page, "30-subsidy-programs");

        var qujing = await console.LoggedInAsync("qj.shi");
        Assert.Equal(404, (await qujing.GotoAsync(programUrl))!.Status);
        await qujing.GotoAsync("/console/subsidies/programs");
        await Expect(qujing.GetByTestId("programs")).Not.ToContainTextAsync(name);
    }

    [Fact]
    public async Task Finance_records_a_payment_and_the_application_and_the_programme_show_it_paid()
    {
        var (id, worker) = await ApprovedHardshipClaimAsync("冯晓燕");
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/subsidies/programs");
        var paidBefore = Yuan(await page.GetByTestId("programs").Locator("tbody tr", new() { HasText = Hardship }).GetByTestId("paid").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "补贴发放" }).ClickAsync();
        var row = page.GetByTestId("awaiting-payment").Locator("tbody tr", new() { HasText = "冯晓燕" });
        await Expect(row).ToContainTextAsync("5,000元");
        await row.GetByLabel("冯晓燕 转账流水号").FillAsync("BOC20261121001");
        await ConsoleFixture.ScreenshotAsync(page, "33-subsidy-payments");
        await row.GetByRole(AriaRole.Button, new() { Name = "登记发放" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已登记发放");
        await Expect(page.GetByTestId("awaiting-payment")).Not.ToContainTextAsync("冯晓燕");

        var mine = await ApiClient.ReadAsync(await worker.GetAsync($"/api/subsidies/applications/{id}"));
        Assert.Equal("paid", (string?)mine["status"]);
        await page.GotoAsync("/console/subsidies/programs");
        var paidAfter = Yuan(await page.GetByTestId("programs").Locator("tbody tr", new() { HasText = Hardship }).GetByTestId("paid").InnerTextAsync());
        Assert.Equal(paidBefore + 5000, paidAfter);
    }

    [Fact]
    public async Task A_payments_csv_with_a_bad_row_pays_the_good_rows_and_reports_the_bad_one()
    {
        var (id, worker) = await ApprovedHardshipClaimAsync("褚建军");
        var unknown = Guid.NewGuid();
        var csv = $"申请编号,发放日期,转账流水号\r\n{id},{DateTime.UtcNow.AddHours(8):yyyy/M/d},ICBC-77001\r\n{unknown},2026-11-01,ICBC-77002\r\n";
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/subsidies/payments");
        await page.GetByLabel("发放 CSV 文件").SetInputFilesAsync(new FilePayload { Name = "银行回单.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入并登记发放" }).ClickAsync();

        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("共 2 行：已登记发放 1 笔，未能登记 1 行");
        var report = page.GetByTestId("import-report");
        await Expect(report.Locator("tbody tr", new() { HasText = id.ToString() })).ToContainTextAsync("已登记");
        await Expect(report.Locator("tbody tr", new() { HasText = unknown.ToString() })).ToContainTextAsync("未登记");
        await Expect(report.Locator("tbody tr", new() { HasText = unknown.ToString() })).ToContainTextAsync("3");
        await ConsoleFixture.ScreenshotAsync(page, "34-subsidy-payments-import");

        var mine = await ApiClient.ReadAsync(await worker.GetAsync($"/api/subsidies/applications/{id}"));
        Assert.Equal("paid", (string?)mine["status"]);
    }

    [Fact]
    public async Task Exports_download_the_approved_list_masked_and_in_full_for_finance()
    {
        var (id, _, idNumber) = await ApprovedHardshipClaimWithIdAsync("卫红梅");
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/subsidies/payments");

        var masked = await DownloadAsync(page, "export-approved");
        var header = masked[0];
        Assert.Equal(["申请编号", "补贴项目", "工会", "申请人", "身份证号", "金额（元）", "状态", "批准时间", "发放日期", "转账流水号"], header);
        var row = masked.Single(r => r[0] == id.ToString());
        Assert.Equal("卫红梅", row[3]);
        Assert.Equal(idNumber[..1] + new string('*', 16) + idNumber[^1..], row[4]);
        Assert.Equal(Hardship, row[1]);
        Assert.Equal("5000.00", row[5]);
        Assert.All(masked.Skip(1), r => Assert.Equal("已核准待发放", r[6]));

        var full = await DownloadAsync(page, "export-full");
        Assert.Equal(idNumber, full.Single(r => r[0] == id.ToString())[4]);

        // A reviewer without the finance permission (官渡区) asking for full ID numbers is refused.
        var county = await console.LoggedInAsync("km.guandu");
        Assert.Equal(403, (await county.GotoAsync("/console/subsidies/export?status=approved&full=true"))!.Status);
    }

    private static async Task<List<string[]>> DownloadAsync(IPage page, string testId)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        // Quoted fields do not occur in these rows (names, codes, amounts), so a plain split reads them.
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    private static decimal Yuan(string text) => decimal.Parse(text.Replace(",", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>A worker of 云内动力 whose membership Kunming approved over the API.</summary>
    [Fact]
    public async Task The_payments_table_filters_sorts_pages_and_exports_masked_and_a_paid_one_moves_to_the_paid_view()
    {
        var name = "付表" + "甲乙丙丁戊己庚辛"[Random.Shared.Next(8)] + "春夏秋冬"[Random.Shared.Next(4)];
        var (_, _, idNumber) = await ApprovedHardshipClaimWithIdAsync(name);
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/subsidies/payments");
        var table = page.GetByTestId("awaiting-payment");

        await TableChecks.SortsByAsync(page, table, "金额", "amount");
        var amounts = (await table.Locator("tbody tr td.num").AllInnerTextsAsync()).Select(Yuan).ToList();
        Assert.True(amounts.Count >= 1);
        Assert.Equal(amounts.OrderDescending().ToList(), amounts);
        await TableChecks.PagesBy50Async(page);

        await page.GetByLabel("申请人姓名").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(page, "35-subsidy-payments-table");
        var cells = await TableChecks.ExportAsync(page);
        Assert.Equal(["申请人", "身份证号", "手机号", "补贴项目", "所属工会", "状态", "金额", "提交时间"], cells[0]);
        Assert.Equal(2, cells.Count);
        Assert.Equal((name, TableChecks.MaskedIdNumber(idNumber), Hardship, "已核准待发放"), (cells[1][0], cells[1][1], cells[1][3], cells[1][5]));

        // Paid, it leaves 待发放 and shows under 已发放 with the same search.
        await page.GotoAsync("/console/subsidies/payments?q=" + Uri.EscapeDataString(name));
        var row = table.Locator("tbody tr", new() { HasText = name });
        await row.GetByLabel(name + " 转账流水号").FillAsync("BOC20261121" + Random.Shared.Next(100, 999));
        await row.GetByRole(AriaRole.Button, new() { Name = "登记发放" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已登记发放");
        await page.GotoAsync("/console/subsidies/payments?status=Paid&q=" + Uri.EscapeDataString(name));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已发放" })).ToBeVisibleAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table.Locator("tbody tr")).ToContainTextAsync("已发放");

        var record = await TableChecks.LastAuditAsync(page, "subsidies.payments.exported");
        await Expect(record).ToContainTextAsync("导出补贴发放名单（脱敏）");
        await Expect(record).ToContainTextAsync("申请人姓名：" + name);
        await Expect(record).ToContainTextAsync("导出 1 行");
    }

    private async Task<HttpClient> MemberAsync(string name) => (await MemberWithIdAsync(name)).Http;

    private async Task<ApiClient.Applicant> MemberWithIdAsync(string name)
    {
        var applicant = await console.Client.ApplyAsync(name);
        var kunming = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve", new { comment = (string?)null }));
        return applicant;
    }

    private async Task<(Guid Id, HttpClient Worker)> ApprovedHardshipClaimAsync(string name)
    {
        var (id, worker, _) = await ApprovedHardshipClaimWithIdAsync(name);
        return (id, worker);
    }

    /// <summary>A 重大疾病 claim (5,000 元) on Kunming's hardship aid, approved over the API by 官渡区 and then 昆明市.</summary>
    private async Task<(Guid Id, HttpClient Worker, string IdNumber)> ApprovedHardshipClaimWithIdAsync(string name)
    {
        var applicant = await MemberWithIdAsync(name);
        var worker = applicant.Http;
        var programs = await ApiClient.ReadNodeAsync(await worker.GetAsync("/api/subsidies/programs"));
        var program = programs.AsArray().Single(p => (string?)p!["name"] == Hardship)!;
        var created = await ApiClient.ReadAsync(await worker.PostAsJsonAsync("/api/subsidies/applications", new { programId = (string)program["id"]! }), HttpStatusCode.Created);
        var id = Guid.Parse((string)created["id"]!);
        await ApiClient.ReadAsync(await worker.PutAsJsonAsync($"/api/subsidies/applications/{id}", new { hardshipTier = "illness", statement = "本人重病住院，家庭生活困难" }));
        var form = new MultipartFormDataContent { { new StringContent("proof"), "documentCode" } };
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "诊断书.png");
        await ApiClient.ReadAsync(await worker.PostAsync($"/api/subsidies/applications/{id}/attachments", form), HttpStatusCode.Created);
        await ApiClient.ReadAsync(await worker.PostAsync($"/api/subsidies/applications/{id}/submit", null));
        foreach (var officer in new[] { "km.guandu", "km.shi" })
        {
            var http = await console.Client.OfficerAsync(officer);
            await ApiClient.ReadAsync(await http.PostAsJsonAsync($"/api/officer/subsidies/applications/{id}/approve", new { comment = "情况属实" }));
        }

        var approved = await ApiClient.ReadAsync(await worker.GetAsync($"/api/subsidies/applications/{id}"));
        Assert.Equal("approved", (string?)approved["status"]);
        return (id, worker, applicant.IdNumber);
    }
}
