using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>What officers with the training permission do: in their subtree only, with masked rosters, exports and session changes.</summary>
public sealed class OfficerTrainingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_officer_manages_the_courses_of_their_subtree_and_nobody_else_sees_them()
    {
        var guandu = await api.OfficerAsync("km.guandu");
        var title = TrainingKit.Unique("电商运营培训");
        var (courseId, _) = await TrainingKit.PublishedCourseAsync(guandu, TrainingKit.Course(title), TrainingKit.Session(DateTime.UtcNow.AddDays(5), 30));

        var city = await api.OfficerAsync("km.shi");          // above 官渡区: sees it
        var listed = await (await city.GetAsync($"/api/officer/training/courses?keyword={Uri.EscapeDataString(title)}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("官渡区总工会", (string?)Assert.Single(listed["items"]!.AsArray())!["organizer"]!["name"]);

        foreach (var outsider in new[] { "qj.shi", "yunnei.gh" }) // another prefecture; an enterprise union below 官渡区
        {
            var officer = await api.OfficerAsync(outsider);
            var theirs = await (await officer.GetAsync($"/api/officer/training/courses?keyword={Uri.EscapeDataString(title)}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Empty(theirs["items"]!.AsArray());
            await (await officer.GetAsync($"/api/officer/training/courses/{courseId}")).ProblemAsync(HttpStatusCode.NotFound, "training.course_not_found");
            await (await officer.PostAsync($"/api/officer/training/courses/{courseId}/close", null)).ProblemAsync(HttpStatusCode.NotFound, "training.course_not_found");
        }

        // Nor can a course be created for a union outside the subtree.
        var qujing = await api.UnionIdAsync("5303");
        await (await guandu.PostAsJsonAsync("/api/officer/training/courses", TrainingKit.Course("跨地区课程", organizerUnionId: qujing)))
            .ProblemAsync(HttpStatusCode.NotFound, "training.union_not_found");
    }

    [Fact]
    public async Task The_roster_and_its_csv_show_masked_personal_data_fill_and_attendance()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (_, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("养老护理员培训")),
            TrainingKit.Session(DateTime.UtcNow.AddMinutes(15), 2));
        var sessionId = ids[0];
        var idNumbers = new List<string>();
        var workers = new List<WorkerSession>();
        foreach (var name in new[] { "张建国", "欧阳娜娜", "李秀兰" })
        {
            var worker = await api.NewWorkerAsync();
            var idNumber = IdNumbers.Random("530111");
            idNumbers.Add(idNumber);
            await worker.CompleteIdentityAsync(idNumber, "13987650000", name);
            await worker.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
            workers.Add(worker);
        }

        var enrollmentId = (string)(await workers[0].MineAsync(sessionId))["id"]!;
        var manual = await (await officer.PostAsJsonAsync($"/api/officer/training/sessions/{sessionId}/check-ins", new { enrollmentId })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("manual", (string?)manual["method"]);

        var roster = await (await officer.GetAsync($"/api/officer/training/sessions/{sessionId}/enrollments")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (int)roster["total"]!);
        Assert.Equal(1.0, (double)roster["stats"]!["fillRate"]!);
        Assert.Equal(0.5, (double)roster["stats"]!["attendanceRate"]!);
        Assert.Equal(1, (int)roster["stats"]!["waitlisted"]!);
        var items = roster["items"]!.AsArray();
        Assert.Equal(["checkedIn", "confirmed", "waitlisted"], items.Select(i => (string)i!["status"]!));
        Assert.Equal(idNumbers[0][..1] + "****************" + idNumbers[0][^1..], (string?)items[0]!["idNumberMasked"]);
        Assert.Equal("139****0000", (string?)items[0]!["phoneMasked"]);
        foreach (var full in idNumbers)
        {
            Assert.DoesNotContain(full, roster.ToJsonString());
        }

        var export = await officer.GetAsync($"/api/officer/training/sessions/{sessionId}/enrollments/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", export.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("序号,姓名,身份证号,手机号,工作单位,报名状态,候补序号,报名时间,签到时间,签到方式", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"1,张建国,{idNumbers[0][..1]}****************{idNumbers[0][^1..]},139****0000,云南云内动力集团有限公司,已签到,,", lines[1]);
        Assert.EndsWith("工作人员补签", lines[1]);
        Assert.Contains(",候补中,1,", lines[3]);
        foreach (var full in idNumbers)
        {
            Assert.DoesNotContain(full, lines[1] + lines[2] + lines[3]);
        }

        var audited = await api.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.EntityId == sessionId && a.Action == "training.enrollments.exported"));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Cancelling_a_session_cancels_and_tells_every_enrollee()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (_, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("滇菜烹调培训")),
            TrainingKit.Session(DateTime.UtcNow.AddDays(4), 1));
        var sessionId = ids[0];
        var seated = await api.IdentifiedWorkerAsync();
        var waiting = await api.IdentifiedWorkerAsync();
        await seated.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await waiting.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);

        var cancelled = await (await officer.PostAsJsonAsync($"/api/officer/training/sessions/{sessionId}/cancel", new { reason = "授课老师临时有事" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        foreach (var worker in new[] { seated, waiting })
        {
            Assert.Equal("sessionCancelled", (string?)(await worker.MineAsync(sessionId))["status"]);
            var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
            var notice = inbox["items"]!.AsArray().Single(i => (string?)i!["kind"] == "training.session_cancelled")!;
            Assert.Contains("授课老师临时有事", (string?)notice["body"]);
        }

        await (await (await api.IdentifiedWorkerAsync()).EnrolAsync(sessionId)).ProblemAsync(HttpStatusCode.Conflict, "training.session_cancelled");
        await (await officer.PostAsJsonAsync($"/api/officer/training/sessions/{sessionId}/cancel", new { reason = "再次取消" }))
            .ProblemAsync(HttpStatusCode.Conflict, "training.session_cancelled");
    }

    [Fact]
    public async Task Added_seats_go_to_the_waitlist_at_once_and_seats_taken_cannot_be_removed()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var start = DateTime.UtcNow.AddDays(6);
        var (courseId, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("咖啡师培训")), TrainingKit.Session(start, 1));
        var sessionId = ids[0];
        var workers = new List<WorkerSession>();
        for (var i = 0; i < 3; i++)
        {
            workers.Add(await api.IdentifiedWorkerAsync());
            await workers[i].EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        }

        var bigger = TrainingKit.Session(start, 2);
        var updated = await (await officer.PutAsJsonAsync($"/api/officer/training/sessions/{sessionId}", bigger)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)updated["stats"]!["seatsTaken"]!);
        Assert.Equal("offered", (string?)(await workers[1].MineAsync(sessionId))["status"]);
        Assert.Equal("waitlisted", (string?)(await workers[2].MineAsync(sessionId))["status"]);

        await (await officer.PutAsJsonAsync($"/api/officer/training/sessions/{sessionId}", TrainingKit.Session(start, 1)))
            .ProblemAsync(HttpStatusCode.Conflict, "training.capacity_below_seats");
        var detail = await (await officer.GetAsync($"/api/officer/training/courses/{courseId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)detail["sessions"]![0]!["stats"]!["capacity"]!);
        Assert.Equal(1, (int)detail["sessions"]![0]!["stats"]!["offered"]!);
    }

    [Fact]
    public async Task A_course_needs_a_valid_session_before_it_is_published_and_drafts_stay_hidden()
    {
        var officer = await api.OfficerAsync("yunnei.gh");
        var created = await (await officer.PostAsJsonAsync("/api/officer/training/courses", TrainingKit.Course(TrainingKit.Unique("焊工培训"))))
            .ReadJsonAsync(HttpStatusCode.Created);
        var courseId = (string)created["id"]!;
        Assert.Equal("draft", (string?)created["status"]);
        Assert.Equal("云南云内动力集团有限公司工会", (string?)created["organizer"]!["name"]);
        await (await officer.PostAsync($"/api/officer/training/courses/{courseId}/publish", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.course_without_sessions");

        var start = DateTime.UtcNow.AddDays(3);
        var backwards = TrainingKit.Session(start, 10);
        backwards["endsAt"] = new DateTimeOffset(start.AddHours(-1), TimeSpan.Zero);
        backwards["address"] = null;
        backwards["cancellationDeadline"] = new DateTimeOffset(start.AddDays(1), TimeSpan.Zero);
        var problem = await (await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/sessions", backwards))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("endsAt", errors.Select(e => e.Key));
        Assert.Contains("address", errors.Select(e => e.Key));
        Assert.Contains("cancellationDeadline", errors.Select(e => e.Key));

        var worker = await api.IdentifiedWorkerAsync();
        await (await worker.Http.GetAsync($"/api/training/courses/{courseId}")).ProblemAsync(HttpStatusCode.NotFound, "training.course_not_found");
        await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/sessions", TrainingKit.Session(start, 10)).Expect(HttpStatusCode.Created);
        await officer.PostAsync($"/api/officer/training/courses/{courseId}/publish", null).Expect(HttpStatusCode.OK);
        await worker.Http.GetAsync($"/api/training/courses/{courseId}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_certificate_is_recorded_only_for_a_worker_who_attended_every_session()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (courseId, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("家政服务员等级培训")),
            TrainingKit.Session(DateTime.UtcNow.AddMinutes(10), 5), TrainingKit.Session(DateTime.UtcNow.AddDays(1), 5));
        var worker = await api.IdentifiedWorkerAsync();
        foreach (var id in ids)
        {
            await worker.EnrolAsync(id).Expect(HttpStatusCode.Created);
        }

        var first = (string)(await worker.MineAsync(ids[0]))["id"]!;
        await officer.PostAsJsonAsync($"/api/officer/training/sessions/{ids[0]}/check-ins", new { enrollmentId = first }).Expect(HttpStatusCode.OK);
        var certificate = new { workerId = worker.Id, number = "JZ" + Random.Shared.Next(100_000, 999_999), level = "level4", issuedOn = DateTime.UtcNow.ToString("yyyy-MM-dd") };
        var refused = await (await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/certificates", certificate))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.not_completed");
        Assert.Contains("1/2", (string?)refused["detail"]);

        // The second session is cancelled: attending the first now completes the course.
        await officer.PostAsJsonAsync($"/api/officer/training/sessions/{ids[1]}/cancel", new { reason = "场地调整" }).Expect(HttpStatusCode.OK);
        await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/certificates", certificate).Expect(HttpStatusCode.Created);
        await (await officer.PostAsJsonAsync($"/api/officer/training/courses/{courseId}/certificates", certificate))
            .ProblemAsync(HttpStatusCode.Conflict, "training.certificate_exists");
        var stored = await api.WithDbAsync(db => db.WorkerCertificates.SingleAsync(c => c.WorkerId == worker.Id));
        Assert.Equal(courseId, stored.CourseId);
        Assert.Equal("育婴员", stored.Occupation);
        Assert.Equal(1, await api.WithDbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == worker.Id && n.Kind == TrainingNotices.CertificateRecorded)));
    }
}
