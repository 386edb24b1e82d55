using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Subsidies;

/// <summary>County quotas of a programme set one row per county of the officer's area, by name, never as typed codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class QuotaPickerTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_city_officer_sets_quotas_for_counties_of_the_city_by_name_and_a_bad_amount_names_its_county()
    {
        var name = "昆明市名额试点补贴" + Random.Shared.Next(100, 999);
        var page = await console.LoggedInAsync("km.shi");
        await page.GotoAsync("/console/subsidies/programs/new");
        var quotas = page.GetByTestId("quotas");
        // 昆明市's officer gets a row for each of its counties, and none of another city's.
        await Expect(quotas.GetByLabel("官渡区")).ToBeVisibleAsync();
        await Expect(quotas.GetByLabel("安宁市")).ToBeVisibleAsync();
        await Expect(quotas.GetByLabel("麒麟区")).ToHaveCountAsync(0);
        await Expect(quotas).Not.ToContainTextAsync("530111");

        await page.GetByLabel("项目名称").FillAsync(name);
        await page.GetByLabel("总预算（元）").FillAsync("100000");
        await page.GetByLabel("四级/中级工 补贴金额（元）").FillAsync("1500");
        await quotas.GetByLabel("官渡区").FillAsync("30000");
        await quotas.GetByLabel("五华区").FillAsync("两万");
        await quotas.GetByLabel("安宁市").FillAsync("200000");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建补贴项目" }).ClickAsync();
        var problems = page.GetByTestId("problems");
        await Expect(problems).ToContainTextAsync("五华区的名额应为金额");
        await Expect(problems).ToContainTextAsync("安宁市的名额不能超过总预算");
        // What was typed comes back as it was.
        await Expect(quotas.GetByLabel("官渡区")).ToHaveValueAsync("30000");
        await Expect(quotas.GetByLabel("五华区")).ToHaveValueAsync("两万");
        await ConsoleFixture.ScreenshotAsync(page, "35-subsidy-program-quota-error");

        await quotas.GetByLabel("五华区").FillAsync("20000");
        await quotas.GetByLabel("安宁市").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建补贴项目" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("补贴项目已创建");
        var facts = page.Locator("dl.facts");
        await Expect(facts).ToContainTextAsync("官渡区：0元 / 30,000元");
        await Expect(facts).ToContainTextAsync("五华区：0元 / 20,000元");
        await Expect(facts).Not.ToContainTextAsync("安宁市");
        await Expect(quotas.GetByLabel("官渡区")).ToHaveValueAsync("30000");
        await Expect(quotas.GetByLabel("安宁市")).ToHaveValueAsync("");

        // Clearing a row removes that county's quota; changing one keeps the other.
        await quotas.GetByLabel("五华区").FillAsync("");
        await quotas.GetByLabel("官渡区").FillAsync("40000");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("修改已保存");
        await Expect(facts).ToContainTextAsync("官渡区：0元 / 40,000元");
        await Expect(facts).Not.ToContainTextAsync("五华区");
        await ConsoleFixture.ScreenshotAsync(page, "36-subsidy-program-quotas");
    }
}
