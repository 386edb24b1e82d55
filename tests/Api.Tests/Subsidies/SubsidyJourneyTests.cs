using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Subsidies;

/// <summary>The "done when" items over HTTP: amounts by the table, eligibility shown first, duplicates refused, returns and resubmission.</summary>
public sealed class SubsidyJourneyTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [Fact]
    public async Task An_eligible_worker_with_a_certificate_from_a_completed_course_gets_the_table_amount_through_every_level_and_is_paid()
    {
        var worker = await api.MemberAsync(name: "赵志刚");
        var certificateId = await api.RecordCertificateAsync(worker.Id, "YN-2026-" + Random.Shared.Next(100_000, 999_999), SkillLevel.Level3);

        var certificates = await (await worker.Http.GetAsync("/api/subsidies/certificates")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.True((bool)certificates[0]!["fromTraining"]!);
        Assert.False((bool)certificates[0]!["claimed"]!);
        var programs = await (await worker.Http.GetAsync("/api/subsidies/programs")).ReadNodeAsync(HttpStatusCode.OK);
        var skill = programs.AsArray().Single(p => (string?)p!["name"] == SubsidyActors.SkillProgram)!;
        Assert.True((bool)skill["eligible"]!, skill["reasons"]!.ToJsonString());
        var tableAmount = (long)skill["rules"]!["amount"]!["levelTable"]!.AsArray().Single(r => (string?)r!["level"] == "level3")!["amountFen"]!;
        Assert.Equal(2000_00, tableAmount);

        var submitted = await api.SubmitSkillClaimAsync(worker, certificateId);
        var id = Guid.Parse((string)submitted["id"]!);
        Assert.Equal("underReview", (string?)submitted["status"]);
        Assert.Equal(tableAmount, (long)submitted["amountFen"]!);
        Assert.Equal("2,000元", (string?)submitted["amountText"]);
        Assert.Contains("三级/高级工", (string?)submitted["breakdown"]![0]!["detail"]);
        Assert.Equal(certificateId.ToString(), (string?)submitted["certificate"]!["workerCertificateId"]);
        Assert.Equal(["云南云内动力集团有限公司工会", "官渡区总工会", "昆明市总工会"],
            submitted["reviewChain"]!.AsArray().Select(s => (string)s!["union"]!["name"]!).ToList());

        var grassroots = await api.OfficerAsync("yunnei.bz");
        var county = await api.OfficerAsync("km.guandu");
        var city = await api.OfficerAsync("km.shi");
        Assert.Contains(id.ToString(), await grassroots.QueueAsync());
        Assert.DoesNotContain(id.ToString(), await county.QueueAsync());
        await (await county.ApproveAsync(id)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.not_at_your_level");

        var first = await (await grassroots.ApproveAsync(id, "材料属实")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("underReview", (string?)first["status"]);
        Assert.Contains("官渡区总工会", (string?)first["nextLevelText"]);
        await (await worker.Http.PostAsync($"/api/subsidies/applications/{id}/withdraw", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.cannot_withdraw");
        await county.ApproveAsync(id).Expect(HttpStatusCode.OK);
        var programId = await api.ProgramIdAsync(SubsidyActors.SkillProgram);
        var committedBefore = await api.WithDbAsync(db => db.SubsidyPrograms.Where(p => p.Id == programId).Select(p => p.CommittedFen).SingleAsync());
        var final = await (await city.ApproveAsync(id)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("approved", (string?)final["status"]);
        var committedAfter = await api.WithDbAsync(db => db.SubsidyPrograms.Where(p => p.Id == programId).Select(p => p.CommittedFen).SingleAsync());
        Assert.Equal(tableAmount, committedAfter - committedBefore);

        await city.PostAsJsonAsync("/api/officer/subsidies/payments", new { applicationId = id, paidOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), transferReference = "ICBC20261121001" })
            .Expect(HttpStatusCode.OK);
        await (await city.PostAsJsonAsync("/api/officer/subsidies/payments", new { applicationId = id, paidOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), transferReference = "again" }))
            .ProblemAsync(HttpStatusCode.Conflict, "subsidies.not_payable");

        var list = await (await worker.Http.GetAsync("/api/subsidies/applications/mine")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal("已发放", (string?)list.AsArray().Single()!["statusText"]);
        var mine = await (await worker.Http.GetAsync($"/api/subsidies/applications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)mine["status"]);
        Assert.Equal(
            ["subsidies.application.drafted", "subsidies.application.updated", "subsidies.attachment.added", "subsidies.application.submitted",
             "subsidies.application.level_approved", "subsidies.application.level_approved", "subsidies.application.approved", "subsidies.application.paid"],
            mine["timeline"]!.AsArray().Select(t => (string)t!["action"]!).ToList());
        var kinds = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id).Select(n => n.Kind).ToListAsync());
        Assert.Equal(["subsidies.approved", "subsidies.level_approved", "subsidies.level_approved", "subsidies.paid", "subsidies.submitted"], kinds.Order().ToList());
        certificates = await (await worker.Http.GetAsync("/api/subsidies/certificates")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.True((bool)certificates[0]!["claimed"]!);
    }

    [Fact]
    public async Task An_ineligible_worker_sees_every_reason_before_applying_and_cannot_start()
    {
        var recent = await api.MemberAsync(joinedMonthsAgo: 1);
        await api.WithDbAsync(async db =>
        {
            var row = await db.Workers.SingleAsync(w => w.Id == recent.Id);
            row.IndustrySection = "P";
            return await db.SaveChangesAsync();
        });
        var programs = await (await recent.Http.GetAsync("/api/subsidies/programs")).ReadNodeAsync(HttpStatusCode.OK);
        var skill = programs.AsArray().Single(p => (string?)p!["name"] == SubsidyActors.SkillProgram)!;
        Assert.False((bool)skill["eligible"]!);
        var reasons = skill["reasons"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("入会满 3 个月方可申请", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("本项目仅限产业工人申请", StringComparison.Ordinal) && r.Contains("教育"));
        // The hardship aid asks for neither, so the same worker may apply to it.
        Assert.True((bool)programs.AsArray().Single(p => (string?)p!["name"] == SubsidyActors.HardshipProgram)!["eligible"]!);

        var problem = await (await recent.Http.PostAsJsonAsync("/api/subsidies/applications", new { programId = await api.ProgramIdAsync(SubsidyActors.SkillProgram) }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "subsidies.not_eligible");
        Assert.Contains("入会满 3 个月", (string?)problem["detail"]);

        var outsider = await api.NewWorkerAsync();
        await outsider.CompleteIdentityAsync();
        var seen = await (await outsider.Http.GetAsync("/api/subsidies/programs")).ReadNodeAsync(HttpStatusCode.OK);
        Assert.All(seen.AsArray(), p => Assert.Contains("本项目仅限工会会员申请，请先加入工会", p!["reasons"]!.AsArray().Select(r => (string)r!)));
    }

    [Fact]
    public async Task The_same_certificate_number_is_refused_for_anyone_and_the_same_occupation_and_level_twice_for_one_person()
    {
        var number = "YN-2026-" + Random.Shared.Next(100_000, 999_999);
        var first = await api.MemberAsync();
        var firstId = await first.StartAsync(await api.ProgramIdAsync(SubsidyActors.SkillProgram));
        await first.Http.PutAsJsonAsync($"/api/subsidies/applications/{firstId}", new
        {
            certificate = new { number, occupation = "焊工", level = "level4", issuedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)), issuer = "昆明市职业技能鉴定中心" },
        }).Expect(HttpStatusCode.OK);
        await first.UploadAsync(firstId, "certificate", SubsidyActors.Pdf, "cert.pdf").Expect(HttpStatusCode.Created);
        var submitted = await (await first.Http.PostAsync($"/api/subsidies/applications/{firstId}/submit", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1500_00, (long)submitted["amountFen"]!);

        // Someone else types the same number, spaced and cased differently.
        var second = await api.MemberAsync();
        var secondId = await second.StartAsync(await api.ProgramIdAsync(SubsidyActors.SkillProgram));
        await second.Http.PutAsJsonAsync($"/api/subsidies/applications/{secondId}", new
        {
            certificate = new { number = " " + number.ToLowerInvariant().Replace("-", " ") + " ", occupation = "电工", level = "level3", issuedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), issuer = "某鉴定站" },
        }).Expect(HttpStatusCode.OK);
        await second.UploadAsync(secondId, "certificate", SubsidyActors.Png).Expect(HttpStatusCode.Created);
        await (await second.Http.PostAsync($"/api/subsidies/applications/{secondId}/submit", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.certificate_claimed");

        // The same person, another skill programme, another certificate of the same occupation and level.
        var city = await api.OfficerAsync("km.shi");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var other = await (await city.PostAsJsonAsync("/api/officer/subsidies/programs", new
        {
            name = "昆明市高技能人才专项补贴", kind = "skillCertificate", opensOn = today.AddDays(-1), closesOn = today.AddDays(30), budgetFen = 100_000_00, allocation = "firstComeFirstServed",
            rules = new
            {
                eligibility = new { minMembershipMonths = 0 }, limits = new { oncePerOccupationAndLevel = true },
                amount = new { kind = "levelTable", levelTable = new[] { new { level = "level4", amountFen = 1500_00 } } },
                documents = Array.Empty<object>(), reviewChain = new[] { new { level = "city", deadlineDays = 10 } },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var againId = await first.StartAsync(Guid.Parse((string)other["id"]!));
        await first.Http.PutAsJsonAsync($"/api/subsidies/applications/{againId}", new
        {
            certificate = new { number = number + "-B", occupation = "焊工", level = "level4", issuedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)), issuer = "另一鉴定站" },
        }).Expect(HttpStatusCode.OK);
        await (await first.Http.PostAsync($"/api/subsidies/applications/{againId}/submit", null)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.occupation_level_claimed");

        // Withdrawn before any review, the first claim lets the number go.
        await first.Http.PostAsync($"/api/subsidies/applications/{firstId}/withdraw", null).Expect(HttpStatusCode.NoContent);
        var now = await (await second.Http.PostAsync($"/api/subsidies/applications/{secondId}/submit", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2000_00, (long)now["amountFen"]!);
    }

    [Fact]
    public async Task A_returned_application_is_corrected_and_goes_back_to_the_level_that_returned_it()
    {
        var worker = await api.MemberAsync();
        var certificateId = await api.RecordCertificateAsync(worker.Id, "YN-R-" + Random.Shared.Next(100_000, 999_999), SkillLevel.Level5, "育婴员");
        var id = Guid.Parse((string)(await api.SubmitSkillClaimAsync(worker, certificateId))["id"]!);
        var grassroots = await api.OfficerAsync("yunnei.bz");
        var county = await api.OfficerAsync("km.guandu");
        await grassroots.ApproveAsync(id).Expect(HttpStatusCode.OK);
        await county.PostAsJsonAsync($"/api/officer/subsidies/applications/{id}/return", new { reason = "证书照片不清晰，请重新拍摄" }).Expect(HttpStatusCode.OK);

        var returned = await (await worker.Http.GetAsync($"/api/subsidies/applications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("returned", (string?)returned["status"]);
        Assert.Equal("证书照片不清晰，请重新拍摄", (string?)returned["reviewComment"]);
        Assert.True((bool)returned["canEdit"]!);
        Assert.NotNull(returned["correctionDueAt"]);
        Assert.DoesNotContain(id.ToString(), await county.QueueAsync());

        await worker.UploadAsync(id, "certificate", SubsidyActors.Png, "清晰照片.png").Expect(HttpStatusCode.Created);
        var resubmitted = await (await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("underReview", (string?)resubmitted["status"]);
        Assert.Contains("官渡区总工会", (string?)resubmitted["currentLevelText"]);
        Assert.Contains(id.ToString(), await county.QueueAsync());
        Assert.DoesNotContain(id.ToString(), await grassroots.QueueAsync());
        await (await grassroots.ApproveAsync(id)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.not_at_your_level");
        var next = await (await county.ApproveAsync(id)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("昆明市总工会", (string?)next["nextLevelText"]);

        var timeline = resubmitted["timeline"]!.AsArray().Select(t => (string)t!["action"]!).ToList();
        Assert.Equal(["subsidies.application.submitted", "subsidies.application.level_approved", "subsidies.application.returned", "subsidies.attachment.added", "subsidies.application.resubmitted"],
            timeline.SkipWhile(a => a != "subsidies.application.submitted").ToList());
        var kinds = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id).Select(n => n.Kind).ToListAsync());
        Assert.Contains(SubsidyNotices.Returned, kinds);
        Assert.Equal(2, kinds.Count(k => k == SubsidyNotices.Submitted));
    }

    [Fact]
    public async Task An_officer_never_reviews_their_own_application()
    {
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("官渡区职工互助金", 10_000_00, ["county", "city"]);
        var worker = await api.MemberAsync();
        var id = await worker.SubmitHardshipAsync(programId);
        await api.WithDbAsync(async db =>
        {
            var officer = await db.Officers.SingleAsync(o => o.Username == "km.guandu");
            officer.WeChatOpenId = worker.OpenId;
            return await db.SaveChangesAsync();
        });
        try
        {
            var county = await api.OfficerAsync("km.guandu");
            await (await county.ApproveAsync(id)).ProblemAsync(HttpStatusCode.Forbidden, "subsidies.own_application");
            await (await county.PostAsJsonAsync($"/api/officer/subsidies/applications/{id}/reject", new { reason = "x" })).ProblemAsync(HttpStatusCode.Forbidden, "subsidies.own_application");
        }
        finally
        {
            await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "km.guandu").ExecuteUpdateAsync(s => s.SetProperty(o => o.WeChatOpenId, (string?)null)));
        }
    }

    [Fact]
    public async Task Batch_approval_reports_each_application_on_its_own()
    {
        var grassroots = await api.OfficerAsync("yunnei.bz");
        var ids = new List<Guid>();
        foreach (var level in new[] { SkillLevel.Level4, SkillLevel.Level2 })
        {
            var worker = await api.MemberAsync();
            var certificate = await api.RecordCertificateAsync(worker.Id, "YN-B-" + Random.Shared.Next(100_000, 999_999), level, "茶艺师");
            ids.Add(Guid.Parse((string)(await api.SubmitSkillClaimAsync(worker, certificate))["id"]!));
        }

        var missing = Guid.NewGuid();
        var results = await (await grassroots.PostAsJsonAsync("/api/officer/subsidies/applications/batch-approve", new { ids = ids.Append(missing), comment = "批量初审" }))
            .ReadNodeAsync(HttpStatusCode.OK);
        Assert.Equal([true, true, false], results.AsArray().Select(r => (bool)r!["ok"]!).ToList());
        Assert.Equal("subsidies.application_not_found", (string?)results[2]!["code"]);
        var county = await api.OfficerAsync("km.guandu");
        var queue = await county.QueueAsync();
        Assert.All(ids, id => Assert.Contains(id.ToString(), queue));
    }
}
