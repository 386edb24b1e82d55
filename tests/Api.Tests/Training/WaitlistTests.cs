using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Data;
using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>Enrolment rules a worker notices: offers that run out, lost priority after no-shows, deadlines, reminders, eligibility.</summary>
public sealed class WaitlistTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid CourseId, Guid SessionId)> OneSeatAsync(DateTime? startsAt = null, Action<Dictionary<string, object?>>? edit = null, object? course = null)
    {
        var officer = await api.OfficerAsync("km.guandu");
        var session = TrainingKit.Session(startsAt ?? DateTime.UtcNow.AddDays(2), capacity: 1);
        edit?.Invoke(session);
        var (courseId, ids) = await TrainingKit.PublishedCourseAsync(officer, course ?? TrainingKit.Course(TrainingKit.Unique("家政服务员培训")), session);
        return (courseId, ids[0]);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = api.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<List<string>> KindsAsync(Guid workerId) =>
        api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == workerId).Select(n => n.Kind).ToListAsync());

    [Fact]
    public async Task An_offer_not_confirmed_in_time_passes_to_the_next_in_line()
    {
        var (_, sessionId) = await OneSeatAsync();
        var (holder, late, next) = (await api.IdentifiedWorkerAsync(), await api.IdentifiedWorkerAsync(), await api.IdentifiedWorkerAsync());
        await holder.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await late.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await next.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await holder.Http.DeleteAsync($"/api/training/sessions/{sessionId}/enrollments").Expect(HttpStatusCode.NoContent);
        Assert.Equal("offered", (string?)(await late.MineAsync(sessionId))["status"]);
        Assert.Equal(0, (int)(await next.MineAsync(sessionId))["waitingAhead"]!); // first in line behind the offer

        // The confirmation window runs out; the expiry job passes the seat on.
        await api.WithDbAsync(db => db.TrainingEnrollments.Where(e => e.WorkerId == late.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.OfferExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(1, await InScopeAsync(s => s.GetRequiredService<SeatOfferExpiry>().ExpireDueAsync(CancellationToken.None)));
        Assert.Equal(0, await InScopeAsync(s => s.GetRequiredService<SeatOfferExpiry>().ExpireDueAsync(CancellationToken.None)));

        Assert.Equal("offerExpired", (string?)(await late.MineAsync(sessionId))["status"]);
        Assert.Equal("offered", (string?)(await next.MineAsync(sessionId))["status"]);
        await (await late.Http.PostAsync($"/api/training/sessions/{sessionId}/enrollments/confirm", null))
            .ProblemAsync(HttpStatusCode.Conflict, "training.offer_expired");
        Assert.Contains("training.offer_expired", await KindsAsync(late.Id));
        Assert.Contains("training.seat_offered", await KindsAsync(next.Id));
        var seats = await api.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == sessionId).Select(s => s.SeatsTaken).SingleAsync());
        Assert.Equal(1, seats);
    }

    [Fact]
    public async Task A_worker_with_too_many_no_shows_waits_behind_everyone_else()
    {
        var absentee = await api.IdentifiedWorkerAsync("赵明");
        // Two earlier sessions the absentee had seats for and never attended; the no-show job records them.
        var officer = await api.OfficerAsync("km.guandu");
        var (_, past) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("茶艺师培训")),
            TrainingKit.Session(DateTime.UtcNow.AddDays(1), 5), TrainingKit.Session(DateTime.UtcNow.AddDays(2), 5));
        foreach (var id in past)
        {
            await absentee.EnrolAsync(id).Expect(HttpStatusCode.Created);
        }

        var tenDaysAgo = DateTime.UtcNow.AddDays(-10);
        await api.WithDbAsync(db => db.TrainingSessions.Where(s => past.Contains(s.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.StartsAt, tenDaysAgo).SetProperty(x => x.EndsAt, tenDaysAgo.AddHours(3)).SetProperty(x => x.CheckInClosesAt, tenDaysAgo.AddMinutes(30))));
        Assert.True(await InScopeAsync(s => s.GetRequiredService<AttendanceRegister>().MarkNoShowsAsync(CancellationToken.None)) >= 2);
        Assert.Equal("noShow", (string?)(await absentee.MineAsync(past[0]))["status"]);

        var (_, sessionId) = await OneSeatAsync();
        var holder = await api.IdentifiedWorkerAsync();
        var punctual = await api.IdentifiedWorkerAsync();
        await holder.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        var first = await (await absentee.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created);
        var second = await (await punctual.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, (int)first["waitlistPosition"]!);
        Assert.True((bool)first["lowPriority"]!);
        Assert.Equal(2, (int)second["waitlistPosition"]!);
        Assert.Equal(1, (int)(await absentee.MineAsync(sessionId))["waitingAhead"]!); // the later, punctual worker is ahead
        Assert.Equal(0, (int)(await punctual.MineAsync(sessionId))["waitingAhead"]!);

        await holder.Http.DeleteAsync($"/api/training/sessions/{sessionId}/enrollments").Expect(HttpStatusCode.NoContent);
        Assert.Equal("offered", (string?)(await punctual.MineAsync(sessionId))["status"]);
        Assert.Equal("waitlisted", (string?)(await absentee.MineAsync(sessionId))["status"]);
    }

    [Fact]
    public async Task A_seat_cannot_be_given_up_after_the_deadline_but_the_waitlist_can_be_left()
    {
        var (_, sessionId) = await OneSeatAsync(edit: s => s["cancellationDeadline"] = DateTimeOffset.UtcNow.AddMinutes(-1));
        var holder = await api.IdentifiedWorkerAsync();
        var waiting = await api.IdentifiedWorkerAsync();
        await holder.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await waiting.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        Assert.False((bool)(await holder.MineAsync(sessionId))["canCancel"]!);

        var refused = await holder.Http.DeleteAsync($"/api/training/sessions/{sessionId}/enrollments");
        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.cancellation_closed");
        Assert.Contains("联系主办工会", (string?)problem["detail"]);
        await waiting.Http.DeleteAsync($"/api/training/sessions/{sessionId}/enrollments").Expect(HttpStatusCode.NoContent);
        Assert.Equal("confirmed", (string?)(await holder.MineAsync(sessionId))["status"]);
        Assert.Equal("cancelled", (string?)(await waiting.MineAsync(sessionId))["status"]);
    }

    [Fact]
    public async Task Reminders_go_once_to_confirmed_seats_and_not_to_the_waitlist()
    {
        var (_, sessionId) = await OneSeatAsync(DateTime.UtcNow.AddMinutes(90));
        var holder = await api.IdentifiedWorkerAsync();
        var waiting = await api.IdentifiedWorkerAsync();
        await holder.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        await waiting.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
        for (var run = 0; run < 2; run++)
        {
            await InScopeAsync(s => s.GetRequiredService<TrainingReminders>().QueueDueAsync(CancellationToken.None));
        }

        var kinds = await KindsAsync(holder.Id);
        Assert.Equal(1, kinds.Count(k => k == TrainingNotices.ReminderTwoHours));
        Assert.DoesNotContain(TrainingNotices.ReminderDayBefore, kinds); // enrolled with less than two hours to go: no "tomorrow" reminder
        Assert.DoesNotContain(await KindsAsync(waiting.Id), k => k.StartsWith("training.reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_course_says_why_a_worker_may_not_enrol_and_enrolling_anyway_is_refused_with_that_reason()
    {
        var title = TrainingKit.Unique("焊工会员专班");
        var (courseId, sessionId) = await OneSeatAsync(course: TrainingKit.Course(title, membersOnly: true));
        var stranger = await api.IdentifiedWorkerAsync();
        var listed = await (await stranger.Http.GetAsync($"/api/training/courses?keyword={Uri.EscapeDataString(title)}")).ReadJsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(listed["items"]!.AsArray())!;
        Assert.False((bool)item["eligible"]!);
        Assert.Equal("training.members_only", (string?)item["ineligibleReasons"]![0]!["code"]);
        Assert.Contains("官渡区总工会", (string?)item["ineligibleReasons"]![0]!["message"]);
        await (await stranger.EnrolAsync(sessionId)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.members_only");

        // Someone who has not filled in the profile is told to, first.
        var newcomer = await api.NewWorkerAsync();
        var detail = await (await newcomer.Http.GetAsync($"/api/training/courses/{courseId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("training.profile_incomplete", (string?)detail["ineligibleReasons"]![0]!["code"]);

        // A member of a union under 官渡区 is eligible.
        var member = await api.IdentifiedWorkerAsync();
        var applicationId = await api.ApplyAsync(member, "530111001");
        await (await api.OfficerAsync("km.guandu")).PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { })
            .Expect(HttpStatusCode.OK);
        Assert.True((bool)(await (await member.Http.GetAsync($"/api/training/courses/{courseId}")).ReadJsonAsync(HttpStatusCode.OK))["eligible"]!);
        await member.EnrolAsync(sessionId).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Enrolling_twice_is_refused_and_a_retried_request_gets_the_first_answer()
    {
        var (_, sessionId) = await OneSeatAsync();
        var worker = await api.IdentifiedWorkerAsync();
        var request = () => new HttpRequestMessage(HttpMethod.Post, $"/api/training/sessions/{sessionId}/enrollments") { Headers = { { "Idempotency-Key", "enrol-once" } } };
        var first = await (await worker.Http.SendAsync(request())).ReadJsonAsync(HttpStatusCode.Created);
        var retried = await worker.Http.SendAsync(request());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((string?)first["id"], (string?)(await retried.ReadJsonAsync(HttpStatusCode.Created))["id"]);
        await (await worker.EnrolAsync(sessionId)).ProblemAsync(HttpStatusCode.Conflict, "training.already_enrolled");
        Assert.Equal(1, await api.WithDbAsync(db => db.TrainingEnrollments.CountAsync(e => e.SessionId == sessionId)));
    }

    [Fact]
    public async Task Check_in_needs_the_window_and_a_token_of_this_session()
    {
        var (_, later) = await OneSeatAsync(DateTime.UtcNow.AddDays(2));
        var (_, now) = await OneSeatAsync(DateTime.UtcNow.AddMinutes(10));
        var worker = await api.IdentifiedWorkerAsync();
        await worker.EnrolAsync(later).Expect(HttpStatusCode.Created);
        await worker.EnrolAsync(now).Expect(HttpStatusCode.Created);
        var officer = await api.OfficerAsync("km.guandu");
        var laterToken = (string)(await (await officer.GetAsync($"/api/officer/training/sessions/{later}/check-in-code")).ReadJsonAsync(HttpStatusCode.OK))["token"]!;
        var nowToken = (string)(await (await officer.GetAsync($"/api/officer/training/sessions/{now}/check-in-code")).ReadJsonAsync(HttpStatusCode.OK))["token"]!;

        await (await worker.Http.PostAsJsonAsync($"/api/training/sessions/{later}/check-in", new { token = laterToken }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.check_in_not_open");
        await (await worker.Http.PostAsJsonAsync($"/api/training/sessions/{now}/check-in", new { token = laterToken }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.check_in_token_invalid");
        var stranger = await api.IdentifiedWorkerAsync();
        await (await stranger.Http.PostAsJsonAsync($"/api/training/sessions/{now}/check-in", new { token = nowToken }))
            .ProblemAsync(HttpStatusCode.NotFound, "training.enrollment_not_found");
        await worker.Http.PostAsJsonAsync($"/api/training/sessions/{now}/check-in", new { token = nowToken }).Expect(HttpStatusCode.OK);
        var again = await (await worker.Http.PostAsJsonAsync($"/api/training/sessions/{now}/check-in", new { token = nowToken })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)again["alreadyCheckedIn"]!);
    }
}
