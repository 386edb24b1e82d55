using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Notifications;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>A clock standing still at a chosen moment, for running a domain service "at another time".</summary>
internal sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}

/// <summary>Officer and worker steps shared by the training tests.</summary>
internal static class TrainingKit
{
    public static string Unique(string prefix) => prefix + Random.Shared.Next(1000, 9999);

    public static object Course(string title, string[]? regions = null, bool membersOnly = false, string[]? forms = null, Guid? organizerUnionId = null) => new
    {
        title, category = "certificateTraining", occupation = "育婴员", provider = "官渡区职业技能培训中心", organizerUnionId,
        description = "婴幼儿生活照料与早期教育，结业参加育婴员五级技能等级认定。", membersOnly, eligibleRegionCodes = regions, eligibleEmploymentForms = forms,
    };

    public static Dictionary<string, object?> Session(DateTime startsAt, int capacity, TimeSpan? length = null) => new()
    {
        ["startsAt"] = new DateTimeOffset(startsAt, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)),
        ["endsAt"] = new DateTimeOffset(startsAt + (length ?? TimeSpan.FromHours(3)), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)),
        ["address"] = "昆明市官渡区职工服务中心二楼",
        ["latitude"] = 24.99, ["longitude"] = 102.74,
        ["capacity"] = capacity,
    };

    /// <summary>Creates a course with the given sessions as the officer, publishes it; returns the course id and session ids.</summary>
    public static async Task<(Guid CourseId, List<Guid> SessionIds)> PublishedCourseAsync(HttpClient officer, object course, params Dictionary<string, object?>[] sessions)
    {
        var created = await (await officer.PostAsJsonAsync("/api/officer/training/courses", course)).ReadJsonAsync(HttpStatusCode.Created);
        var courseId = Guid.Parse((string)created["id"]!);
        var ids = new List<Guid>();
        foreach (var session in sessions)
        {
            var added = await (await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/sessions", session)).ReadJsonAsync(HttpStatusCode.Created);
            ids.Add(Guid.Parse((string)added["id"]!));
        }

        await officer.PostAsync($"/api/officer/training/courses/{courseId}/publish", null).Expect(HttpStatusCode.OK);
        return (courseId, ids);
    }

    public static async Task<WorkerSession> IdentifiedWorkerAsync(this ApiFactory api, string name = "李秀兰")
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync(name: name);
        return worker;
    }

    public static Task<HttpResponseMessage> EnrolAsync(this WorkerSession worker, Guid sessionId) =>
        worker.Http.PostAsync($"/api/training/sessions/{sessionId}/enrollments", null);

    public static async Task<JsonObject> MineAsync(this WorkerSession worker, Guid sessionId)
    {
        var mine = (await (await worker.Http.GetAsync("/api/training/enrollments/mine")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
        return mine.First(e => (string?)e!["sessionId"] == sessionId.ToString())!.AsObject();
    }

    /// <summary>
    /// Workers with a name, an ID number and a place of work, written straight into the database with an access token each,
    /// for tests that need hundreds of them (logging each in through the simulator would take most of the test's time).
    /// </summary>
    public static async Task<List<(Guid Id, HttpClient Http)>> SeedWorkersAsync(this ApiFactory api, int count)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<FieldProtector>();
        var now = DateTime.UtcNow;
        var workers = new List<Worker>();
        for (var i = 0; i < count; i++)
        {
            var idNumber = IdNumbers.Random("530111");
            var worker = new Worker
            {
                Id = Guid.CreateVersion7(), OpenId = "o-seed-" + Guid.NewGuid().ToString("N")[..20], CreatedAt = now, LastLoginAt = now, UpdatedAt = now,
                RealName = "职工" + i, IdNumberCipher = protector.Protect(idNumber), IdNumberHash = protector.LookupHash(idNumber),
                CountyCode = "530111", EmploymentForm = EmploymentForm.LabourContract, Employer = "云南云内动力集团有限公司",
            };
            workers.Add(worker);
            db.Workers.Add(worker);
        }

        await db.SaveChangesAsync();
        var issuer = scope.ServiceProvider.GetRequiredService<TokenIssuer>();
        var clients = new List<(Guid, HttpClient)>();
        foreach (var worker in workers)
        {
            var tokens = await issuer.IssueForWorkerAsync(worker, CancellationToken.None);
            var http = api.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            clients.Add((worker.Id, http));
        }

        return clients;
    }

    /// <summary>The user accepted one-time subscriptions: credited at the simulator and reported to us, once per message.</summary>
    public static async Task AcceptAsync(this ApiFactory api, WorkerSession worker, string templateId, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId, count = 1 }).Expect(HttpStatusCode.OK);
            await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [templateId] = "accept" } })
                .Expect(HttpStatusCode.OK);
        }
    }

    public static async Task DispatchAsync(this ApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.Equal(0, result.Failed);
    }

    public static async Task<JsonArray> MessagesAsync(this ApiFactory api, string openId) =>
        (await (await api.CreateClient().GetAsync($"/wechat-sim/dev/messages?openid={openId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();
}
