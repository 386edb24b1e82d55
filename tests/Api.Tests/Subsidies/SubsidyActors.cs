using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Common;
using Changai.Domain.Membership;
using Changai.Domain.Profiles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Tests.Subsidies;

/// <summary>The API with attachments in a temporary folder of its own and small limits, so the limits are quick to reach.</summary>
public class SubsidyApiFactory : ApiFactory
{
    public const int MaxFileBytes = 200 * 1024;
    public const int MaxFiles = 3;

    public string AttachmentRoot { get; } = Path.Combine(Path.GetTempPath(), "changai-attachments-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Subsidies:Attachments:Root", AttachmentRoot);
        builder.UseSetting("Subsidies:Attachments:MaxFileBytes", MaxFileBytes.ToString());
        builder.UseSetting("Subsidies:Attachments:MaxFilesPerApplication", MaxFiles.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(AttachmentRoot))
        {
            Directory.Delete(AttachmentRoot, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public static class SubsidyActors
{
    public const string SkillProgram = "昆明市职工技能提升补贴";
    public const string HardshipProgram = "昆明市困难职工帮扶";

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3, 4];
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    private static int memberSequence = 50_000;

    /// <summary>
    /// A worker with a complete profile (manufacturing, labour contract, 官渡区) who joined <paramref name="unionCode"/>
    /// <paramref name="joinedMonthsAgo"/> months ago — written straight into the database, as the membership feature would.
    /// </summary>
    public static async Task<WorkerSession> MemberAsync(this ApiFactory api, string unionCode = "530111001", int joinedMonthsAgo = 12, string? name = null)
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync(name: name ?? "王建华");
        await api.WithDbAsync(async db =>
        {
            var row = await db.Workers.SingleAsync(w => w.Id == worker.Id);
            var union = await db.Unions.SingleAsync(u => u.Code == unionCode);
            var joinedOn = ChinaTime.Today(TimeProvider.System).AddMonths(-joinedMonthsAgo);
            db.Members.Add(Member.Create(Guid.CreateVersion7(), worker.Id, union, joinedOn, Interlocked.Increment(ref memberSequence), row.IdNumberHash!, row.PhoneHash!, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        return worker;
    }

    /// <summary>A certificate recorded for the worker as the training feature records one at the end of a course.</summary>
    public static Task<Guid> RecordCertificateAsync(this ApiFactory api, Guid workerId, string number, SkillLevel level, string occupation = "焊工", int monthsAgo = 1) =>
        api.WithDbAsync(async db =>
        {
            var officer = await db.Officers.Where(o => o.Username == "km.guandu").Select(o => o.Id).SingleAsync();
            var certificate = new WorkerCertificate
            {
                Id = Guid.CreateVersion7(), WorkerId = workerId, Number = number, Occupation = occupation, Level = level,
                IssuedOn = ChinaTime.Today(TimeProvider.System).AddMonths(-monthsAgo), Issuer = "云南省职业技能鉴定中心", CourseId = Guid.CreateVersion7(),
                RecordedByOfficerId = officer, CreatedAt = DateTime.UtcNow,
            };
            db.WorkerCertificates.Add(certificate);
            await db.SaveChangesAsync();
            return certificate.Id;
        });

    public static Task<Guid> ProgramIdAsync(this ApiFactory api, string name) =>
        api.WithDbAsync(db => db.SubsidyPrograms.Where(p => p.Name == name).Select(p => p.Id).SingleAsync());

    public static async Task<Guid> StartAsync(this WorkerSession worker, Guid programId)
    {
        var created = await (await worker.Http.PostAsJsonAsync("/api/subsidies/applications", new { programId })).ReadJsonAsync(HttpStatusCode.Created);
        return Guid.Parse((string)created["id"]!);
    }

    public static Task<HttpResponseMessage> UploadAsync(this WorkerSession worker, Guid applicationId, string documentCode, byte[] bytes, string fileName = "证书.png")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(documentCode), "documentCode" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return worker.Http.PostAsync($"/api/subsidies/applications/{applicationId}/attachments", form);
    }

    /// <summary>Draft, certificate chosen from the recorded ones, its photo attached, submitted; returns the submitted application.</summary>
    public static async Task<JsonObject> SubmitSkillClaimAsync(this ApiFactory api, WorkerSession worker, Guid certificateId)
    {
        var id = await worker.StartAsync(await api.ProgramIdAsync(SkillProgram));
        await worker.Http.PutAsJsonAsync($"/api/subsidies/applications/{id}", new { workerCertificateId = certificateId }).Expect(HttpStatusCode.OK);
        await worker.UploadAsync(id, "certificate", Png).Expect(HttpStatusCode.Created);
        return await (await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null)).ReadJsonAsync(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient officer, Guid applicationId, string? comment = null) =>
        officer.PostAsJsonAsync($"/api/officer/subsidies/applications/{applicationId}/approve", new { comment });

    public static async Task<List<string>> QueueAsync(this HttpClient officer)
    {
        var queue = await (await officer.GetAsync("/api/officer/subsidies/applications?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        return queue["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
    }

    /// <summary>A programme made through the management API: one tier of hardship aid, reviewed by the given levels, no documents.</summary>
    public static async Task<Guid> CreateHardshipProgramAsync(
        this HttpClient manager, string name, long budgetFen, string[] levels, string allocation = "firstComeFirstServed", object[]? quotas = null, long tierFen = 1000_00)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var response = await manager.PostAsJsonAsync("/api/officer/subsidies/programs", new
        {
            name, kind = "hardshipAid", opensOn = today.AddDays(-1), closesOn = today, budgetFen, allocation, quotas = quotas ?? [],
            rules = new
            {
                eligibility = new { minMembershipMonths = 0 },
                limits = new { },
                amount = new { kind = "hardshipTiers", hardshipTiers = new[] { new { code = "general", name = "一般困难", amountFen = tierFen } } },
                documents = Array.Empty<object>(),
                reviewChain = levels.Select(l => new { level = l, deadlineDays = 5 }).ToArray(),
            },
        });
        return Guid.Parse((string)(await response.ReadJsonAsync(HttpStatusCode.Created))["id"]!);
    }

    public static async Task<Guid> SubmitHardshipAsync(this WorkerSession worker, Guid programId)
    {
        var id = await worker.StartAsync(programId);
        await worker.Http.PutAsJsonAsync($"/api/subsidies/applications/{id}", new { hardshipTier = "general", statement = "家人重病" }).Expect(HttpStatusCode.OK);
        await worker.Http.PostAsync($"/api/subsidies/applications/{id}/submit", null).Expect(HttpStatusCode.OK);
        return id;
    }
}
