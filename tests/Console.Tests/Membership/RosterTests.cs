using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Membership;

[Collection(ConsoleCollection.Name)]
public sealed class RosterTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_officer_finds_a_member_by_full_phone_or_member_number_sees_the_history_and_checks_the_card()
    {
        var member = await MemberAsync("段名册");
        var card = await ApiClient.ReadAsync(await member.Http.GetAsync("/api/membership/card"));
        var number = (string)card["membershipNumber"]!;
        var maskedPhone = member.Phone[..3] + "****" + member.Phone[^4..];

        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/members");
        await page.GetByLabel("手机号").FillAsync(member.Phone[..3] + " " + member.Phone[3..7] + " " + member.Phone[7..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        var rows = page.GetByTestId("roster").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("段名册");
        await Expect(rows.First).ToContainTextAsync(maskedPhone);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(member.Phone);
        await ConsoleFixture.ScreenshotAsync(page, "50-roster-search-phone");

        // A phone number not in the register finds nobody; a short one is refused with the field's name.
        await page.GetByLabel("手机号").FillAsync("1390000");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("请输入完整的 11 位手机号");

        await page.GotoAsync("/console/members?number=" + Uri.EscapeDataString(number));
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "段名册" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "会员详情：段名册" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("member-facts")).ToContainTextAsync(number);
        await Expect(page.GetByTestId("member-facts")).ToContainTextAsync("云南云内动力集团有限公司工会");
        await Expect(page.GetByTestId("member-history")).ToContainTextAsync("提交入会申请");
        await Expect(page.GetByTestId("member-history")).ToContainTextAsync("入会申请审核通过，成为会员");
        await Expect(page.GetByText("会籍转移须由会员本人在小程序")).ToBeVisibleAsync();
        await ConsoleFixture.ScreenshotAsync(page, "51-member-detail");

        // An officer of another branch does not find the member, nor open the detail.
        var qujing = await console.LoggedInAsync("qj.shi");
        await qujing.GotoAsync("/console/members?phone=" + member.Phone);
        await Expect(qujing.GetByTestId("roster").Locator("tbody tr")).ToContainTextAsync("没有符合条件的会员");
        var outside = await qujing.GotoAsync(page.Url.Replace(console.Api.BaseAddress.ToString().TrimEnd('/'), ""));
        Assert.Equal(404, outside!.Status);

        // 会员卡核验: what the card's QR code says, pasted with the line break a scanner adds.
        await page.GotoAsync("/console/members/card-check");
        var token = (string)card["qrToken"]!;
        await page.GetByLabel("会员卡二维码内容").FillAsync(token[..20] + "\n" + token[20..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "核验" }).ClickAsync();
        await Expect(page.GetByTestId("card-result")).ToContainTextAsync("会员卡有效");
        await Expect(page.GetByTestId("card-result")).ToContainTextAsync("段*");
        await Expect(page.GetByTestId("card-result")).ToContainTextAsync(number);
        await ConsoleFixture.ScreenshotAsync(page, "52-card-check-valid");
        await page.GetByLabel("会员卡二维码内容").FillAsync(token[..^4] + "AAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "核验" }).ClickAsync();
        await Expect(page.GetByTestId("card-result")).ToContainTextAsync("会员卡无效");
        await Expect(page.GetByTestId("card-result")).ToContainTextAsync("二维码无效");
        await ConsoleFixture.ScreenshotAsync(page, "53-card-check-invalid");
    }

    [Fact]
    public async Task The_roster_table_sorts_pages_and_exports_the_filtered_list_masked_and_audited()
    {
        var member = await MemberAsync("费导出");
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/members");
        var table = page.GetByTestId("roster");

        await table.GetByRole(AriaRole.Link, new() { Name = "会员号" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=number"));
        await Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("会员号");
        var numbers = await table.Locator("tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(numbers.Count > 1);
        Assert.Equal(numbers.Order(StringComparer.Ordinal).ToList(), numbers.ToList());
        await table.GetByRole(AriaRole.Link, new() { Name = "会员号" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=-number"));
        var descending = await table.Locator("tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(descending.OrderDescending(StringComparer.Ordinal).ToList(), descending.ToList());

        var total = int.Parse(Regex.Match(await page.Locator("nav.pager").InnerTextAsync(), @"共 (\d+) 条").Groups[1].Value);
        Assert.True(total > 20, "the demo register of Kunming holds more than one page of members");
        await page.GetByLabel("每页").SelectOptionAsync("50");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("size=50"));
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(Math.Min(total, 50));
        await page.GetByLabel("每页").SelectOptionAsync("20");
        await page.GetByLabel("跳至第").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Expect(page.GetByText($"第 2 / {(total + 19) / 20} 页")).ToBeVisibleAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(Math.Min(total - 20, 20));
        await Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("会员号");
        await ConsoleFixture.ScreenshotAsync(page, "54-roster-sorted-paged");

        // Export what the search finds: one member, the phone masked, the header the page shows.
        await page.GotoAsync("/console/members?q=" + Uri.EscapeDataString("费导出"));
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var cells = SheetReader.Rows(path!);
        Assert.Equal(["会员号", "原会员证号", "姓名", "身份证号", "手机号", "所在工会", "入会日期", "来源"], cells[0]);
        Assert.Equal(2, cells.Count);
        Assert.Equal("费导出", cells[1][2]);
        Assert.Equal(member.Phone[..3] + "****" + member.Phone[^4..], cells[1][4]);
        Assert.Equal(member.IdNumber[..1] + "****************" + member.IdNumber[^1..], cells[1][3]);

        await page.GotoAsync("/console/audit?action=membership.members.exported");
        var record = page.GetByTestId("audit").Locator("tbody tr").First;
        await Expect(record).ToContainTextAsync("导出会员名册（脱敏）");
        await Expect(record).ToContainTextAsync("姓名：费导出");
        await Expect(record).ToContainTextAsync("导出 1 行");
    }

    private async Task<ApiClient.Applicant> MemberAsync(string name)
    {
        var applicant = await console.Client.ApplyAsync(name);
        var officer = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve", new { }));
        return applicant;
    }
}
