using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Changai.Domain.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>
/// The issue's "done when", over HTTP: a worker finds an eligible course, enrols, is waitlisted when it is full, is offered
/// the seat another frees, confirms, receives the reminders (at WeChat and in the inbox), checks in with the current QR
/// token after an expired one is refused, completes, and finds the certificate on the profile.
/// </summary>
public sealed class TrainingJourneyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Notice = "sim-tmpl-notice";
    private const string Review = "sim-tmpl-review-result";

    [Fact]
    public async Task A_waitlisted_worker_gets_the_freed_seat_is_reminded_checks_in_and_gets_the_certificate()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var title = TrainingKit.Unique("育婴员五级培训");
        var startsAt = DateTime.UtcNow.AddMinutes(20);
        var session = TrainingKit.Session(startsAt, capacity: 1);
        session["cancellationDeadline"] = new DateTimeOffset(startsAt.AddMinutes(-5), TimeSpan.Zero);
        var (courseId, sessionIds) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(title, regions: ["5301"]), session);
        var sessionId = sessionIds[0];

        var first = await api.IdentifiedWorkerAsync("王建华");
        var worker = await api.IdentifiedWorkerAsync("李秀兰");
        await api.AcceptAsync(worker, Review, 3);
        await api.AcceptAsync(worker, Notice, 3);

        // Found on the phone, eligible (works in 官渡区, Kunming), and listed under Kunming but not under Qujing.
        var found = await (await worker.Http.GetAsync($"/api/training/courses?keyword={Uri.EscapeDataString(title)}&regionCode=5301")).ReadJsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(found["items"]!.AsArray())!;
        Assert.True((bool)item["eligible"]!);
        Assert.Empty(item["ineligibleReasons"]!.AsArray());
        Assert.Equal(1, (int)item["seatsLeft"]!);
        var elsewhere = await (await worker.Http.GetAsync($"/api/training/courses?keyword={Uri.EscapeDataString(title)}&regionCode=5303")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(elsewhere["items"]!.AsArray());

        // The one seat goes to the first worker; ours is waitlisted first in line.
        Assert.Equal("confirmed", (string?)(await (await first.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created))["status"]);
        var waitlisted = await (await worker.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("waitlisted", (string?)waitlisted["status"]);
        Assert.Equal(1, (int)waitlisted["waitlistPosition"]!);
        Assert.Equal(0, (int)waitlisted["waitingAhead"]!);
        var detail = await (await worker.Http.GetAsync($"/api/training/courses/{courseId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)detail["sessions"]![0]!["seatsLeft"]!);
        Assert.Equal(1, (int)detail["sessions"]![0]!["waitlisted"]!);
        Assert.Equal("waitlisted", (string?)detail["sessions"]![0]!["myEnrollment"]!["status"]);

        // The first worker gives the seat up before the deadline: it is offered to ours, with a deadline before the start.
        await first.Http.DeleteAsync($"/api/training/sessions/{sessionId}/enrollments").Expect(HttpStatusCode.NoContent);
        var offered = await worker.MineAsync(sessionId);
        Assert.Equal("offered", (string?)offered["status"]);
        Assert.True((bool)offered["canConfirm"]!);
        Assert.True((DateTime)offered["offerExpiresAt"]! <= startsAt.AddSeconds(1));
        var confirmed = await (await worker.Http.PostAsync($"/api/training/sessions/{sessionId}/enrollments/confirm", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", (string?)confirmed["status"]);

        // Reminders: the day before (the job run at that time) and two hours before (now).
        await QueueRemindersAsync(startsAt.AddHours(-20));
        await QueueRemindersAsync(DateTime.UtcNow);
        await QueueRemindersAsync(DateTime.UtcNow); // a second run queues nothing more
        await api.DispatchAsync();

        var messages = await api.MessagesAsync(worker.OpenId);
        Assert.Equal(5, messages.Count);
        Assert.Equal(2, messages.Count(m => (string?)m!["templateId"] == Review));  // waitlisted, confirmed
        Assert.Equal(3, messages.Count(m => (string?)m!["templateId"] == Notice));  // offered, day before, two hours before
        Assert.All(messages, m => Assert.Equal(title, (string?)m!["data"]!["thing1"]));
        Assert.All(messages, m => Assert.StartsWith("pages/training/enrollments", (string?)m!["page"]));
        Assert.Contains(messages, m => (string?)m!["data"]!["phrase2"] == "候补中");
        Assert.Contains(messages, m => (string?)m!["data"]!["phrase2"] == "报名成功");

        var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox?pageSize=50")).ReadJsonAsync(HttpStatusCode.OK);
        var kinds = inbox["items"]!.AsArray().Select(i => (string)i!["kind"]!).ToList();
        foreach (var kind in new[] { "training.waitlisted", "training.seat_offered", "training.confirmed", "training.reminder_day_before", "training.reminder_two_hours" })
        {
            Assert.Equal(1, kinds.Count(k => k == kind));
        }

        Assert.Contains(inbox["items"]!.AsArray(), i => (string?)i!["kind"] == "training.seat_offered" && ((string)i["body"]!).Contains("请在此之前确认"));

        // Check-in: a token from two steps ago (a photo of an old screen) is refused; the one on the screen now works.
        var codes = new CheckInCodes(api.Services.GetRequiredService<IOptions<TrainingOptions>>(), new FixedClock(DateTime.UtcNow.AddSeconds(-90)));
        var stale = await worker.Http.PostAsJsonAsync($"/api/training/sessions/{sessionId}/check-in", new { token = codes.Issue(sessionId).Token });
        var problem = await stale.ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.check_in_token_expired");
        Assert.Contains("二维码已过期", (string?)problem["detail"]);
        var screen = await (await officer.GetAsync($"/api/officer/training/sessions/{sessionId}/check-in-code")).ReadJsonAsync(HttpStatusCode.OK);
        var checkedIn = await (await worker.Http.PostAsJsonAsync($"/api/training/sessions/{sessionId}/check-in", new { token = (string)screen["token"]! }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("checkedIn", (string?)checkedIn["status"]);
        Assert.Equal("qrCode", (string?)checkedIn["method"]);

        // Attended the only session: completed; the officer records the certificate and it shows on the profile.
        var participants = await (await officer.GetAsync($"/api/officer/training/courses/{courseId}/participants")).ReadJsonAsync(HttpStatusCode.OK);
        var me = participants["items"]!.AsArray().Single(p => (string?)p!["workerId"] == worker.Id.ToString())!;
        Assert.True((bool)me["completed"]!);
        Assert.Equal("李秀兰", (string?)me["name"]);
        Assert.Contains("****************", (string?)me["idNumberMasked"]);
        var number = "YY" + Random.Shared.Next(10_000_000, 99_999_999);
        var today = Changai.Domain.Common.ChinaTime.Today(TimeProvider.System);
        await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/certificates", new
        {
            workerId = worker.Id, number, level = "level5", issuedOn = today.ToString("yyyy-MM-dd"),
        }).Expect(HttpStatusCode.Created);

        var profile = await (await worker.Http.GetAsync("/api/me/profile")).ReadJsonAsync(HttpStatusCode.OK);
        var certificate = Assert.Single(profile["certificates"]!.AsArray())!;
        Assert.Equal(number, (string?)certificate["number"]);
        Assert.Equal("育婴员", (string?)certificate["occupation"]);
        Assert.Equal("level5", (string?)certificate["level"]);
        Assert.Equal("官渡区职业技能培训中心", (string?)certificate["issuer"]);
        Assert.Equal(courseId.ToString(), (string?)certificate["courseId"]);

        await api.DispatchAsync();
        Assert.Contains(await api.MessagesAsync(worker.OpenId), m => (string?)m!["data"]!["phrase2"] == "已发证");
    }

    private async Task QueueRemindersAsync(DateTime at)
    {
        using var scope = api.Services.CreateScope();
        await new TrainingReminders(scope.ServiceProvider.GetRequiredService<AppDbContext>(), new FixedClock(at)).QueueDueAsync(CancellationToken.None);
    }
}
