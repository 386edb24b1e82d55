using System.Net.Http.Json;
using Changai.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Changai.Console.Tests.Audit;

[Collection(ConsoleCollection.Name)]
public sealed class AuditTrailTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_approval_appears_in_the_branchs_audit_trail_with_the_applicant_masked_and_not_in_another_branchs()
    {
        var applicant = await console.Client.ApplyAsync("审计测试" + "员");
        var reviewer = await console.Client.OfficerAsync("km.shi");
        await ApiClient.ReadAsync(await reviewer.PostAsJsonAsync($"/api/officer/membership/applications/{applicant.ApplicationId}/approve",
            new { comment = "材料齐全，身份证 " + applicant.IdNumber }));
        // The subject is named (the applicant, masked), never by its id.
        var subject = "入会申请：审****";

        var page = await console.LoggedInAsync("km.shi");
        await page.GetByRole(AriaRole.Link, new() { Name = "操作记录" }).ClickAsync();
        var table = page.GetByTestId("audit");
        var approval = table.Locator("tbody tr", new() { HasText = "入会申请审核通过" }).Filter(new() { HasText = subject });
        await Expect(approval).ToHaveCountAsync(1);
        await Expect(approval).ToContainTextAsync("km.shi");
        // The ID number the comment quoted is masked like everywhere else.
        await Expect(approval).ToContainTextAsync(applicant.IdNumber[..1] + "****************" + applicant.IdNumber[^1..]);
        await Expect(table).Not.ToContainTextAsync(applicant.IdNumber);
        var submitted = table.Locator("tbody tr", new() { HasText = "提交入会申请" }).Filter(new() { HasText = subject });
        await Expect(submitted).ToContainTextAsync("职工 审****");
        await Expect(table).Not.ToContainTextAsync(applicant.Name);
        await ConsoleFixture.ScreenshotAsync(page, "28-audit");

        // Filters: by action and by the officer who acted.
        await page.GetByLabel("操作", new() { Exact = true }).SelectOptionAsync("membership.application.approved");
        await page.GetByLabel("操作干部（用户名或姓名）").FillAsync("km.shi");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(table.Locator("tbody tr", new() { HasText = subject })).ToHaveCountAsync(1);
        await Expect(table).Not.ToContainTextAsync("提交入会申请");
        await page.GetByLabel("操作干部（用户名或姓名）").FillAsync("km.guandu");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(table).Not.ToContainTextAsync(subject);

        // 曲靖 is another branch: the approval in 昆明 never shows there.
        var qujing = await console.LoggedInAsync("qj.shi");
        await qujing.GetByRole(AriaRole.Link, new() { Name = "操作记录" }).ClickAsync();
        await Expect(qujing.GetByTestId("audit")).Not.ToContainTextAsync(subject);
        await qujing.GotoAsync("/console/audit?action=membership.application.approved");
        await Expect(qujing.GetByTestId("audit")).Not.ToContainTextAsync(subject);
        await ConsoleFixture.ScreenshotAsync(qujing, "29-audit-other-branch");

        // Same branch, other work: the quiz organiser of 昆明 does not read membership decisions.
        var quiz = await console.LoggedInAsync("km.quiz");
        await quiz.GotoAsync("/console/audit");
        await Expect(quiz.GetByTestId("audit")).Not.ToContainTextAsync(subject);
    }
}
