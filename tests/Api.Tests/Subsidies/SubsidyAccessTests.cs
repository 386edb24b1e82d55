using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Profiles;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Subsidies;

/// <summary>Who may read an application and its files, and what the files may be.</summary>
public sealed class SubsidyAccessTests(SubsidyApiFactory api) : IClassFixture<SubsidyApiFactory>
{
    [Fact]
    public async Task An_officer_of_another_branch_can_read_neither_the_application_nor_its_files()
    {
        var worker = await api.MemberAsync(name: "钱秀英");
        var certificateId = await api.RecordCertificateAsync(worker.Id, "YN-A-" + Random.Shared.Next(100_000, 999_999), SkillLevel.Level4);
        var submitted = await api.SubmitSkillClaimAsync(worker, certificateId);
        var id = (string)submitted["id"]!;
        var attachmentId = (string)submitted["attachments"]![0]!["id"]!;

        foreach (var username in new[] { "qj.shi", "km.wuhua" })
        {
            var outsider = await api.OfficerAsync(username);
            await (await outsider.GetAsync($"/api/officer/subsidies/applications/{id}")).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");
            await (await outsider.GetAsync($"/api/officer/subsidies/applications/{id}/attachments/{attachmentId}")).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");
            await (await outsider.PostAsync($"/api/officer/subsidies/applications/{id}/reveal-id-number", null)).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");
            await (await outsider.PostAsJsonAsync($"/api/officer/subsidies/applications/{id}/approve", new { })).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");
            var all = await (await outsider.GetAsync("/api/officer/subsidies/applications?view=all&pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.DoesNotContain(all["items"]!.AsArray(), i => (string?)i!["id"] == id);
        }

        var stranger = await api.NewWorkerAsync();
        await (await stranger.Http.GetAsync($"/api/subsidies/applications/{id}")).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");
        await (await stranger.Http.GetAsync($"/api/subsidies/applications/{id}/attachments/{attachmentId}")).ProblemAsync(HttpStatusCode.NotFound, "subsidies.application_not_found");

        // The owner and an officer above the applicant's union get the very bytes; the officer's look is recorded.
        var own = await worker.Http.GetAsync($"/api/subsidies/applications/{id}/attachments/{attachmentId}").Expect(HttpStatusCode.OK);
        Assert.Equal(SubsidyActors.Png, await own.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", own.Content.Headers.ContentType?.MediaType);
        var city = await api.OfficerAsync("km.shi");
        var seen = await city.GetAsync($"/api/officer/subsidies/applications/{id}/attachments/{attachmentId}").Expect(HttpStatusCode.OK);
        Assert.Equal(SubsidyActors.Png, await seen.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", seen.Headers.GetValues("X-Content-Type-Options").Single());

        // Masked in the officer's views; the full number only through the recorded reveal.
                var detail = await (await city.GetAsync($"/api/officer/subsidies/applications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var masked = (string)detail["idNumberMasked"]!;
        Assert.Matches(@"^\d\*{16}[\dX]$", masked);
        var revealed = (string)(await (await city.PostAsync($"/api/officer/subsidies/applications/{id}/reveal-id-number", null)).ReadJsonAsync(HttpStatusCode.OK))["idNumber"]!;
        Assert.Equal(18, revealed.Length);
        Assert.Equal(masked[..1] + masked[^1..], revealed[..1] + revealed[^1..]);
        Assert.DoesNotContain(revealed, detail.ToJsonString());
        detail = await (await city.GetAsync($"/api/officer/subsidies/applications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var audit = detail["audit"]!.AsArray().Select(a => (string)a!["action"]!).ToList();
        Assert.Contains("subsidies.attachment.viewed", audit);
        Assert.Contains("subsidies.id_number.revealed", audit);
        Assert.Equal("昆明市总工会 审核员", (string?)detail["audit"]!.AsArray().Last(a => (string?)a!["action"] == "subsidies.id_number.revealed")!["actorName"]);
    }

    [Fact]
    public async Task Files_are_accepted_by_their_bytes_within_size_and_count_limits_and_stored_under_server_made_names()
    {
        var worker = await api.MemberAsync();
        var id = await worker.StartAsync(await api.ProgramIdAsync(SubsidyActors.SkillProgram));

        await (await worker.UploadAsync(id, "certificate", "这不是PDF，只是改了扩展名"u8.ToArray(), "证书.pdf")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "subsidies.attachment_type");
        var large = new byte[SubsidyApiFactory.MaxFileBytes + 1];
        SubsidyActors.Png.CopyTo(large, 0);
        await (await worker.UploadAsync(id, "certificate", large, "big.png")).ProblemAsync(HttpStatusCode.BadRequest, "subsidies.attachment_too_large");
        await (await worker.UploadAsync(id, "diploma", SubsidyActors.Png)).ProblemAsync(HttpStatusCode.BadRequest, "subsidies.unknown_document");
        Assert.Empty(Directory.Exists(api.AttachmentRoot) ? Directory.GetFiles(api.AttachmentRoot, "*", SearchOption.AllDirectories) : []);

        await (await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "subsidies.certificate_required");
        await worker.Http.PutAsJsonAsync($"/api/subsidies/applications/{id}", new
        {
            certificate = new { number = "YN-F-" + Random.Shared.Next(100_000, 999_999), occupation = "焊工", level = "level5", issuedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)), issuer = "鉴定站" },
        }).Expect(HttpStatusCode.OK);
        var missing = await (await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "subsidies.documents_missing");
        Assert.Contains("职业技能等级证书", (string?)missing["detail"]);

        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F' };
        var uploaded = await (await worker.UploadAsync(id, "certificate", jpeg, "../../etc/passwd.png")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("image/jpeg", (string?)uploaded["contentType"]);
        Assert.Equal("passwd.jpg", (string?)uploaded["fileName"]);
        await worker.UploadAsync(id, "other", SubsidyActors.Pdf, "说明.pdf").Expect(HttpStatusCode.Created);
        await worker.UploadAsync(id, "other", SubsidyActors.Png, "补充.png").Expect(HttpStatusCode.Created);
        await (await worker.UploadAsync(id, "other", SubsidyActors.Png)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "subsidies.too_many_attachments");

        var stored = Directory.GetFiles(api.AttachmentRoot, "*", SearchOption.AllDirectories);
        Assert.Equal(SubsidyApiFactory.MaxFiles, stored.Length);
        Assert.All(stored, path => Assert.Matches(@"^[0-9a-f]{32}$", Path.GetFileName(path)));
        Assert.Contains(stored, path => File.ReadAllBytes(path).SequenceEqual(jpeg));

        // Deleting one frees a place; the file goes from disk too.
        await worker.Http.DeleteAsync($"/api/subsidies/applications/{id}/attachments/{(string)uploaded["id"]!}").Expect(HttpStatusCode.NoContent);
        Assert.Equal(SubsidyApiFactory.MaxFiles - 1, Directory.GetFiles(api.AttachmentRoot, "*", SearchOption.AllDirectories).Length);
        await worker.UploadAsync(id, "certificate", SubsidyActors.Png).Expect(HttpStatusCode.Created);
        await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null).Expect(HttpStatusCode.OK);
        await (await worker.UploadAsync(id, "other", SubsidyActors.Png)).ProblemAsync(HttpStatusCode.Conflict, "subsidies.not_editable");
    }

    [Fact]
    public async Task Exports_mask_id_numbers_unless_a_finance_officer_asks_and_every_export_is_recorded_and_payments_import_row_by_row()
    {
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("昆明市职工医疗互助", 100_000_00, ["city"]);
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var worker = await api.MemberAsync();
            var id = await worker.SubmitHardshipAsync(programId);
            await city.ApproveAsync(id).Expect(HttpStatusCode.OK);
            ids.Add(id);
        }

        var county = await api.OfficerAsync("km.guandu");
        await (await county.GetAsync($"/api/officer/subsidies/applications/export?programId={programId}&fullIdNumbers=true")).ProblemAsync(HttpStatusCode.Forbidden, "subsidies.finance_only");
        var masked = await county.GetAsync($"/api/officer/subsidies/applications/export?programId={programId}").Expect(HttpStatusCode.OK);
        Assert.Equal("text/csv", masked.Content.Headers.ContentType?.MediaType);
        var maskedText = await masked.Content.ReadAsStringAsync();
        var full = await city.GetAsync($"/api/officer/subsidies/applications/export?programId={programId}&fullIdNumbers=true").Expect(HttpStatusCode.OK);
        var fullRows = (await full.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, fullRows.Length);
        var fullIdNumber = fullRows[1].Split(',')[4];
        Assert.Matches(@"^\d{17}[\dX]$", fullIdNumber);
        Assert.DoesNotContain(fullIdNumber, maskedText);
        Assert.Contains(fullIdNumber[..1] + "****************" + fullIdNumber[^1..], maskedText);
        var exports = await api.WithDbAsync(db => db.AuditRecords.Where(a => a.EntityId == programId && a.Action.StartsWith("subsidies.export.")).Select(a => a.Action).ToListAsync());
        Assert.Equal(["subsidies.export.full_id_numbers", "subsidies.export.masked"], exports.Order().ToList());

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");
        var csv = "id,program,paidOn,transferReference\r\n" +
                  $"{ids[0]},x,{today},CCB0001\r\n" +
                  $"{ids[1]},x,not-a-date,CCB0002\r\n" +
                  $"{Guid.NewGuid()},x,{today},CCB0003\r\n";
        var report = await (await city.PostAsync("/api/officer/subsidies/payments/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)report["succeeded"]!);
        Assert.Equal(["subsidies.csv_row_invalid", "subsidies.application_not_found"],
            report["rows"]!.AsArray().Where(r => !(bool)r!["ok"]!).Select(r => (string)r!["code"]!).ToList());
        var statuses = await api.WithDbAsync(db => db.SubsidyApplications.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(a => new { a.Id, a.Status, a.TransferReference }).ToListAsync());
        Assert.Equal("CCB0001", statuses.Single(s => s.Id == ids[0]).TransferReference);
        Assert.Equal(Changai.Domain.Subsidies.SubsidyStatus.Approved, statuses.Single(s => s.Id == ids[1]).Status);
        await (await city.PostAsync("/api/officer/subsidies/payments/import", new StringContent("a,b\r\n1,2", System.Text.Encoding.UTF8, "text/csv")))
            .ProblemAsync(HttpStatusCode.BadRequest, "subsidies.csv_invalid");
    }
}
