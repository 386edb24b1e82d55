using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Api.Tests.Subsidies;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Privacy;

/// <summary>PIPL arts. 44–47 over HTTP: cancelling the account, a copy of my data, withdrawing consent, retention.</summary>
public sealed class PersonalInformationRightsTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    private const string Cancellation = "/api/me/account/cancellation";

    [Fact]
    public async Task Cancelling_erases_personal_data_ends_the_membership_and_the_same_wechat_user_starts_afresh()
    {
        var city = await api.OfficerAsync("km.shi");
        var program = await city.CreateHardshipProgramAsync("注销测试：帮扶", 10_000_00, ["city"]);
        var worker = await api.MemberAsync(name: "赵注销");
        var claim = await worker.SubmitHardshipAsync(program);

        var preview = await (await worker.Http.GetAsync(Cancellation)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)preview["canCancel"]!);
        Assert.Contains("会籍", preview["membership"]!.AsArray()[0]!.ToString());
        await (await worker.Http.PostAsJsonAsync(Cancellation, new { confirm = false })).ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");

        var done = await (await worker.Http.PostAsJsonAsync(Cancellation, new { confirm = true })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("已注销", (string?)done["message"]);

        await api.WithDbAsync(async db =>
        {
            var row = await db.Workers.SingleAsync(w => w.Id == worker.Id);
            Assert.NotNull(row.CancelledAt);
            Assert.NotEqual(worker.OpenId, row.OpenId);
            Assert.Equal("已注销", row.RealName);
            Assert.Null(row.IdNumberCipher);
            Assert.Null(row.IdNumberHash);
            Assert.Null(row.PhoneCipher);
            Assert.Null(row.SessionKeyCipher);
            Assert.Null(row.Employer);
            var member = await db.Members.SingleAsync(m => m.WorkerId == worker.Id);
            Assert.Equal(MembershipStatus.Ended, member.Status);
            Assert.Equal(MembershipEndReason.AccountCancelled, member.EndReason);
            Assert.Equal("", member.PhoneHash);
            var application = await db.SubsidyApplications.SingleAsync(a => a.Id == claim);
            Assert.Equal(SubsidyStatus.Withdrawn, application.Status);
            Assert.Null(application.IdNumberCipher);
            Assert.Null(application.PhoneCipher);
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.RecipientId == worker.Id));
            Assert.Equal(0, await db.RefreshTokens.CountAsync(t => t.SubjectId == worker.Id));
            Assert.True(await db.AuditRecords.AnyAsync(a => a.EntityId == worker.Id && a.Action == "account.cancelled"));
            Assert.True(await db.AuditRecords.AnyAsync(a => a.EntityId == member.Id && a.Action == "membership.member.ended_on_cancellation"));
            return 0;
        });

        // Officers see that the applicant cancelled, and nothing of what was erased.
        var detail = await (await city.GetAsync($"/api/officer/subsidies/applications/{claim}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("已注销", (string?)detail["applicantName"]);
        Assert.DoesNotContain("赵注销", detail.ToJsonString());

        // The access token still in hand cannot put personal data back on the emptied account.
        var late = await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "赵注销", idNumber = IdNumbers.Random(), industrySection = "C", employmentForm = "labourContract", isEcologicalMigrant = false });
        await late.ProblemAsync(HttpStatusCode.Unauthorized, "auth.account_cancelled");

        // The refresh token is gone; the same WeChat user logging in again is a new worker with nothing of the old one.
        var refresh = await api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = worker.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        var again = await api.NewWorkerAsync(worker.OpenId);
        Assert.NotEqual(worker.Id, again.Id);
        var profile = await (await again.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null((string?)profile["realName"]);
        Assert.Null((string?)profile["idNumberMasked"]);
    }

    [Fact]
    public async Task Cancelling_is_refused_while_an_approved_subsidy_waits_for_payment()
    {
        var city = await api.OfficerAsync("km.shi");
        var program = await city.CreateHardshipProgramAsync("注销测试：待发放", 10_000_00, ["city"]);
        var worker = await api.MemberAsync();
        var claim = await worker.SubmitHardshipAsync(program);
        await city.ApproveAsync(claim).Expect(HttpStatusCode.OK);

        var preview = await (await worker.Http.GetAsync(Cancellation)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)preview["canCancel"]!);
        var problem = await (await worker.Http.PostAsJsonAsync(Cancellation, new { confirm = true })).ProblemAsync(HttpStatusCode.Conflict, "account.payment_pending");
        Assert.Contains("尚未发放", (string?)problem["detail"]);
        Assert.Null(await api.WithDbAsync(db => db.Workers.Where(w => w.Id == worker.Id).Select(w => w.CancelledAt).SingleAsync()));
    }

    [Fact]
    public async Task A_copy_of_my_data_is_in_chinese_with_the_full_id_number_and_phone_only_for_me_and_is_audited()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random();
        var phone = Phones.Random();
        await worker.CompleteIdentityAsync(idNumber, phone, name: "钱副本");

        var response = await worker.Http.GetAsync("/api/me/data-copy");
        var copy = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var basics = copy["sections"]!.AsArray().Single(s => (string?)s!["title"] == "基本资料")!["lines"]!.AsArray();
        Assert.Equal(idNumber, (string?)basics.Single(l => (string?)l!["label"] == "身份证号")!["value"]);
        Assert.Equal(phone, (string?)basics.Single(l => (string?)l!["label"] == "手机号")!["value"]);
        var text = (string)copy["text"]!;
        Assert.Contains("【同意记录】", text);
        Assert.Contains("姓名：钱副本", text);
        Assert.True(await api.WithDbAsync(db => db.AuditRecords.AnyAsync(a => a.EntityId == worker.Id && a.Action == "privacy.data_copy.exported")));

        // Officers have no way to it: the endpoint serves the caller's own data only.
        var officer = await api.OfficerAsync("km.shi");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/me/data-copy")).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_consent_erases_an_id_number_nothing_needs_and_refuses_what_would_use_it()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var withdrawn = await (await worker.Http.DeleteAsync("/api/me/consents/sensitive-personal-information")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)withdrawn["idNumberErased"]!);
        var profile = await (await worker.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null((string?)profile["idNumberMasked"]);
        Assert.False((bool)profile["sensitiveConsentGiven"]!);
        Assert.Null(await api.WithDbAsync(db => db.Workers.Where(w => w.Id == worker.Id).Select(w => w.IdNumberHash).SingleAsync()));
        Assert.True(await api.WithDbAsync(db => db.AuditRecords.AnyAsync(a => a.EntityId == worker.Id && a.Action == "privacy.consent.withdrawn")));
    }

    [Fact]
    public async Task A_member_who_withdraws_consent_keeps_the_id_number_for_the_register_but_cannot_start_a_claim()
    {
        var city = await api.OfficerAsync("km.shi");
        var program = await city.CreateHardshipProgramAsync("撤回同意测试", 10_000_00, ["city"]);
        var worker = await api.MemberAsync();
        var draft = await worker.StartAsync(program);

        var withdrawn = await (await worker.Http.DeleteAsync("/api/me/consents/sensitive-personal-information")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)withdrawn["idNumberErased"]!);
        Assert.Contains("会籍", withdrawn["keptFor"]!.AsArray()[0]!.ToString());
        Assert.Equal(SubsidyStatus.Withdrawn, await api.WithDbAsync(db => db.SubsidyApplications.Where(a => a.Id == draft).Select(a => a.Status).SingleAsync()));

        var refused = await worker.Http.PostAsJsonAsync("/api/subsidies/applications", new { programId = program });
        var problem = await refused.ProblemAsync(HttpStatusCode.Forbidden, "privacy.consent_required");
        Assert.Contains("撤回", (string?)problem["detail"]);

        // Consenting again restores the service.
        await worker.Http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsJsonAsync("/api/subsidies/applications", new { programId = program }).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Joining_is_refused_after_consent_is_withdrawn()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        await worker.Http.DeleteAsync("/api/me/consents/sensitive-personal-information").Expect(HttpStatusCode.OK);
        var union = await api.UnionIdAsync("530111001");
        var response = await worker.Http.PostAsJsonAsync("/api/membership/applications", new { unionId = union, channel = "employerUnion" });
        // The ID number is gone, so the profile is incomplete first; either way nothing uses the withdrawn data.
        var problem = await response.ReadJsonAsync();
        Assert.Contains((string?)problem["code"], new[] { "privacy.consent_required", "membership.profile_incomplete" });
    }

    [Fact]
    public async Task Retention_purges_expired_join_applications_refused_claims_and_old_sessions_on_schedule()
    {
        var city = await api.OfficerAsync("km.shi");
        var joiner = await api.NewWorkerAsync();
        await joiner.CompleteIdentityAsync();
        var join = await api.ApplyAsync(joiner);
        await city.PostAsJsonAsync($"/api/officer/membership/applications/{join}/reject", new { reason = "不属于本工会" }).Expect(HttpStatusCode.OK);

        var program = await city.CreateHardshipProgramAsync("保存期限测试", 10_000_00, ["city"]);
        var claimant = await api.MemberAsync();
        var claim = await claimant.SubmitHardshipAsync(program);
        await city.PostAsJsonAsync($"/api/officer/subsidies/applications/{claim}/reject", new { reason = "不符合条件" }).Expect(HttpStatusCode.OK);

        // Today nothing is due yet.
        await PurgeAsync(days: 0);
        Assert.True(await api.WithDbAsync(db => db.MembershipApplications.AnyAsync(a => a.Id == join)));

        // 181 days later (defaults: 180 days for both) the rejected application is gone and the refused claim anonymised.
        await PurgeAsync(days: 181);
        await api.WithDbAsync(async db =>
        {
            Assert.False(await db.MembershipApplications.AnyAsync(a => a.Id == join));
            var refused = await db.SubsidyApplications.SingleAsync(a => a.Id == claim);
            Assert.Null(refused.IdNumberCipher);
            Assert.Null(refused.PhoneCipher);
            Assert.Equal(RecordRetention.ErasedName, refused.ApplicantName);
            Assert.Null(await db.Workers.Where(w => w.Id == joiner.Id).Select(w => w.SessionKeyCipher).SingleAsync());
            Assert.True(await db.AuditRecords.AnyAsync(a => a.Action == "privacy.retention.purged"));
            return 0;
        });
    }

    private async Task PurgeAsync(int days)
    {
        using var scope = api.Services.CreateScope();
        var retention = ActivatorUtilities.CreateInstance<RecordRetention>(scope.ServiceProvider, (TimeProvider)new ShiftedTime(TimeSpan.FromDays(days)));
        await retention.PurgeAsync(CancellationToken.None);
    }

    private sealed class ShiftedTime(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}
