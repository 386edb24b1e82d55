using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Membership;

/// <summary>会籍认领 as a console table: searched by name, union and status, sorted, paged, exported masked and audited.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClaimTableTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_claim_queue_filters_sorts_pages_and_exports_the_filtered_list_masked()
    {
        var suffix = "甲乙丙丁戊己庚辛"[Random.Shared.Next(8)].ToString() + "春夏秋冬"[Random.Shared.Next(4)];
        var first = await PendingClaimAsync("认领名" + suffix);
        await PendingClaimAsync("认领另" + suffix);

        var page = await console.LoggedInAsync("km.guandu");
        await page.GetByRole(AriaRole.Link, new() { Name = "会籍认领" }).First.ClickAsync();
        var table = page.GetByTestId("claims");
        await Expect(table.Locator("tbody tr", new() { HasText = "认领名" + suffix })).ToHaveCountAsync(1);
        await TableChecks.SortsByAsync(page, table, "申请人", "name");
        var names = await table.Locator("tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(names.Count >= 2);
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal).ToList(), names.ToList());
        await TableChecks.SortsByAsync(page, table, "核对期限", "dueOn");
        await TableChecks.PagesBy50Async(page);
        await ConsoleFixture.ScreenshotAsync(page, "26-member-claims-table");

        await page.GetByLabel("申请人姓名").FillAsync("认领名" + suffix);
        await page.GetByLabel("会籍所在工会").SelectOptionAsync(new SelectOptionValue { Label = "云南云内动力集团有限公司工会" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table).ToContainTextAsync(TableChecks.MaskedPhone(first.Phone));
        var cells = await TableChecks.ExportAsync(page);
        Assert.Equal(["申请人", "身份证号", "手机号", "会籍所在工会", "提交时间", "核对期限", "状态"], cells[0]);
        Assert.Equal(2, cells.Count);
        Assert.Equal(("认领名" + suffix, TableChecks.MaskedIdNumber(first.IdNumber), TableChecks.MaskedPhone(first.Phone), "待核对"),
            (cells[1][0], cells[1][1], cells[1][2], cells[1][6]));

        // Decided claims are another view: the pending one is not there.
        await page.GetByLabel("状态").SelectOptionAsync("decided");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(table).ToContainTextAsync("没有符合条件的已处理的认领");

        var record = await TableChecks.LastAuditAsync(page, "membership.claims.exported");
        await Expect(record).ToContainTextAsync("导出会籍认领（脱敏）");
        await Expect(record).ToContainTextAsync("申请人姓名：认领名" + suffix);
        await Expect(record).ToContainTextAsync("会籍所在工会：云南云内动力集团有限公司工会");
        await Expect(record).ToContainTextAsync("导出 1 行");
    }

    /// <summary>A member 官渡区 imported into 云内动力, claimed by a worker with the same ID number and another phone: waits for 官渡区.</summary>
    private async Task<(string IdNumber, string Phone)> PendingClaimAsync(string name)
    {
        var idNumber = IdNumbers.Random("530111");
        var csv = $"姓名,身份证号,手机号,所在工会（代码）,入会日期,原会员证号\n{name},{idNumber},139{Random.Shared.Next(0, 100_000_000):D8},530111001,2020-05-01,\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var guandu = await console.Client.OfficerAsync("km.guandu");
        await ApiClient.ReadAsync(await guandu.PostAsync("/api/officer/membership/members/import", new MultipartFormDataContent { { file, "file", "会员.csv" } }));
        var (worker, _, phone) = await console.Client.WorkerAsync(name, idNumber);
        var claim = await ApiClient.ReadAsync(await worker.PostAsync("/api/membership/claims", null), HttpStatusCode.Created);
        Assert.Equal("pending", (string?)claim["status"]);
        return (idNumber, phone);
    }
}
