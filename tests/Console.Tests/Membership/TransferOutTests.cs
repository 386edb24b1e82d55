using System.Net.Http.Json;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Membership;

/// <summary>会籍转出 from a member's detail page: the destination picked by name anywhere in the province, confirmed, told to the member.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TransferOutTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_county_officer_transfers_a_member_out_to_another_city_and_the_receiving_union_sees_the_history()
    {
        var name = "转出" + "甲乙丙丁戊己庚辛"[Random.Shared.Next(8)] + "梅兰竹菊"[Random.Shared.Next(4)];
        var applicant = await console.Client.ApplyAsync(name);
        var kunming = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await kunming.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve", new { comment = (string?)null }));

        var page = await console.LoggedInAsync("km.guandu");
        await page.GotoAsync("/console/members?phone=" + applicant.Phone);
        await page.GetByTestId("roster").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "会员详情：" + name })).ToBeVisibleAsync();

        // Nothing chosen: the form says which field, in Chinese, and nothing moved.
        await page.GetByLabel("转出原因").FillAsync("调动到曲靖浩祥服饰工作");
        await page.GetByRole(AriaRole.Button, new() { Name = "办理转出" }).ClickAsync();
        await Expect(page.Locator("#toUnionId-err")).ToContainTextAsync("转入工会");
        await Expect(page.GetByLabel("转出原因")).ToHaveValueAsync("调动到曲靖浩祥服饰工作");

        // The destination is outside 官渡区's branch: found by part of its name.
        await page.GetByLabel("查找转入工会").FillAsync("浩祥");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var picker = page.GetByLabel("转入工会", new() { Exact = true });
        await Expect(picker.Locator("option", new() { HasText = "曲靖浩祥服饰有限公司工会" })).ToHaveCountAsync(1);
        await picker.SelectOptionAsync(new SelectOptionValue { Label = (await picker.Locator("option", new() { HasText = "曲靖浩祥服饰有限公司工会" }).TextContentAsync())!.Trim() });
        await page.GetByLabel("转出原因").FillAsync("调动到曲靖浩祥服饰工作");
        await ConsoleFixture.ScreenshotAsync(page, "27-member-transfer-out");
        await page.GetByRole(AriaRole.Button, new() { Name = "办理转出" }).ClickAsync();
        Assert.StartsWith("确定办理会籍转出？", console.LastDialog(page));

        // Back on the roster (the member is no longer in this branch), with the notice; the search finds nobody.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("会籍转出已办理");
        await page.GotoAsync("/console/members?phone=" + applicant.Phone);
        await Expect(page.GetByTestId("roster")).ToContainTextAsync("没有符合条件的会员");

        // The member's inbox says where the membership went; 曲靖市's officer finds the member with the history.
        var inbox = await ApiClient.ReadAsync(await applicant.Http.GetAsync("/api/notifications/inbox"));
        Assert.Contains(inbox["items"]!.AsArray(), n => ((string?)n!["title"] ?? "").Contains("曲靖浩祥服饰有限公司工会"));
        var qujing = await console.LoggedInAsync("qj.shi");
        await qujing.GotoAsync("/console/members?phone=" + applicant.Phone);
        await qujing.GetByTestId("roster").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(qujing.GetByTestId("member-facts")).ToContainTextAsync("曲靖浩祥服饰有限公司工会");
        await Expect(qujing.GetByTestId("member-history")).ToContainTextAsync("办理会籍转出，转入“曲靖浩祥服饰有限公司工会”。原因：调动到曲靖浩祥服饰工作");
        await ConsoleFixture.ScreenshotAsync(qujing, "28-member-history-transferred");
    }
}
