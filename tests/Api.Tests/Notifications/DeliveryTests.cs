using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Changai.Api.Tests.Notifications;

/// <summary>
/// The outbox delivered through the real WeChat client to the simulator. The dispatcher is run directly (jobs are off in
/// tests) so each step is deterministic.
/// </summary>
public sealed class DeliveryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string ReviewTemplate = "sim-tmpl-review-result";

    private async Task<DispatchResult> DispatchAsync()
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    private async Task<JsonArray> MessagesAsync(string openId) =>
        (await (await api.CreateClient().GetAsync($"/wechat-sim/dev/messages?openid={openId}")).ReadNodeAsync(HttpStatusCode.OK)).AsArray();

    /// <summary>The user tapped "accept" once: WeChat grants one send, and the mini-program reports it to us.</summary>
    private async Task AcceptAsync(WorkerSession worker, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/subscriptions", new { openid = worker.OpenId, templateId = ReviewTemplate, count = 1 }).Expect(HttpStatusCode.OK);
            await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [ReviewTemplate] = "accept" } })
                .Expect(HttpStatusCode.OK);
        }
    }

    private async Task<(WorkerSession Worker, Guid ApplicationId)> ApprovedAsync(bool accepted)
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        if (accepted)
        {
            await AcceptAsync(worker);
        }

        var applicationId = await api.ApplyAsync(worker);
        var officer = await api.OfficerAsync("km.guandu");
        await officer.PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }).Expect(HttpStatusCode.OK);
        return (worker, applicationId);
    }

    private Task<Notification> NotificationAsync(Guid workerId, string kind) =>
        api.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.RecipientId == workerId && n.Kind == kind));

    [Fact]
    public async Task An_approval_puts_exactly_one_message_at_wechat_for_a_worker_who_accepted()
    {
        var (worker, _) = await ApprovedAsync(accepted: true);
        await DispatchAsync();
        await DispatchAsync(); // a second run finds nothing left to send

        var messages = await MessagesAsync(worker.OpenId);
        var message = Assert.Single(messages);
        Assert.Equal(ReviewTemplate, (string?)message!["templateId"]);
        Assert.Equal("云南云内动力集团有限公司工会", (string?)message["data"]!["thing1"]);
        Assert.Equal("已通过", (string?)message["data"]!["phrase2"]);
        Assert.StartsWith("pages/membership/status", (string?)message["page"]);
        Assert.Equal(DeliveryStatus.Sent, (await NotificationAsync(worker.Id, "membership.approved")).DeliveryStatus);

        var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(inbox["items"]!.AsArray(), i => (string?)i!["kind"] == "membership.approved" && (string?)i["delivery"] == "sent");
    }

    [Fact]
    public async Task A_worker_who_did_not_accept_gets_the_inbox_item_and_no_message()
    {
        var (worker, _) = await ApprovedAsync(accepted: false);
        await DispatchAsync();

        Assert.Empty(await MessagesAsync(worker.OpenId));
        var notification = await NotificationAsync(worker.Id, "membership.approved");
        Assert.Equal(DeliveryStatus.Skipped, notification.DeliveryStatus);
        Assert.Equal("no_credit", notification.LastError);

        var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("membership.approved", (string?)inbox["items"]![0]!["kind"]); // newest first
        Assert.True((int)inbox["unreadCount"]! >= 2);
    }

    [Fact]
    public async Task When_wechat_says_43101_our_credits_are_zeroed_and_the_notification_is_skipped_not_failed()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        // Reported to us twice, but WeChat knows of no accept (e.g. the user reset it): WeChat is right.
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [ReviewTemplate] = "accept" } });
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [ReviewTemplate] = "accept" } });
        var applicationId = await api.ApplyAsync(worker);
        await (await api.OfficerAsync("km.guandu")).PostAsJsonAsync($"/api/officer/membership/applications/{applicationId}/approve", new { }).Expect(HttpStatusCode.OK);

        await DispatchAsync();

        var notification = await NotificationAsync(worker.Id, "membership.approved");
        Assert.Equal(DeliveryStatus.Skipped, notification.DeliveryStatus);
        Assert.Equal("43101", notification.LastError);
        Assert.Equal(0, await api.WithDbAsync(db => db.SubscriptionCredits.Where(c => c.RecipientId == worker.Id).Select(c => c.Credits).SingleAsync()));
    }

    [Fact]
    public async Task A_busy_answer_is_retried_later_without_spending_the_credit()
    {
        var (worker, _) = await ApprovedAsync(accepted: true);
        await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/faults", new { api = "subscribe_send", errcode = -1, count = 1 }).Expect(HttpStatusCode.OK);

        await DispatchAsync();
        var first = await NotificationAsync(worker.Id, "membership.approved");
        Assert.Equal(DeliveryStatus.Pending, first.DeliveryStatus);
        Assert.Equal("-1", first.LastError);
        Assert.True(first.NextAttemptAt > DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(1, await api.WithDbAsync(db => db.SubscriptionCredits.Where(c => c.RecipientId == worker.Id).Select(c => c.Credits).SingleAsync()));

        // Time passes: the back-off is over.
        await api.WithDbAsync(db => db.Notifications.Where(n => n.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
        await DispatchAsync();
        Assert.Single(await MessagesAsync(worker.OpenId));
        Assert.Equal(DeliveryStatus.Sent, (await NotificationAsync(worker.Id, "membership.approved")).DeliveryStatus);
    }

    [Fact]
    public async Task An_access_token_that_expires_mid_batch_is_renewed_and_nothing_is_lost()
    {
        var workers = new List<WorkerSession>();
        for (var i = 0; i < 3; i++)
        {
            workers.Add((await ApprovedAsync(accepted: true)).Worker);
        }

        await api.CreateClient().PostAsync("/wechat-sim/dev/expire-tokens", null).Expect(HttpStatusCode.OK);
        await DispatchAsync();

        foreach (var worker in workers)
        {
            Assert.Single(await MessagesAsync(worker.OpenId));
        }
    }

    [Fact]
    public async Task A_sender_that_dies_after_claiming_leaves_the_work_to_the_next_once_its_lease_lapses()
    {
        var (worker, _) = await ApprovedAsync(accepted: true);
        using (var scope = api.Services.CreateScope())
        {
            // A sender claims the batch and dies before sending anything.
            var claimed = await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().ClaimAsync("dead-sender", CancellationToken.None);
            Assert.NotEmpty(claimed);
        }

        await DispatchAsync();
        Assert.Empty(await MessagesAsync(worker.OpenId)); // still leased to the dead sender

        await api.WithDbAsync(db => db.Notifications.Where(n => n.LeaseOwner == "dead-sender")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        await DispatchAsync();
        await DispatchAsync();
        Assert.Single(await MessagesAsync(worker.OpenId));
    }

    [Fact]
    public async Task A_sender_that_dies_between_sending_and_recording_is_not_repeated_the_message_is_marked_in_doubt_and_stays_in_the_inbox()
    {
        var (worker, _) = await ApprovedAsync(accepted: true);
        using (var scope = api.Services.CreateScope())
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().ClaimAsync("dead-sender", CancellationToken.None));
        }

        // The dead sender had marked the message as going out (WeChat may have it) and never recorded the answer.
        await api.WithDbAsync(db => db.Notifications.Where(n => n.LeaseOwner == "dead-sender")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.SendStartedAt, DateTime.UtcNow.AddSeconds(-5)).SetProperty(n => n.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        await DispatchAsync();
        await DispatchAsync();

        Assert.Empty(await MessagesAsync(worker.OpenId));
        var outcome = await api.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == worker.Id && n.Kind == "membership.approved")
            .Select(n => new { n.DeliveryStatus, n.LastError }).SingleAsync());
        Assert.Equal((DeliveryStatus.Failed, NotificationDispatcher.InDoubt), (outcome.DeliveryStatus, outcome.LastError));
        var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(inbox["items"]!.AsArray(), i => ((string)i!["title"]!).Contains("入会", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credits_accumulate_one_per_accept_and_are_reported_back()
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions",
            new { results = new Dictionary<string, string> { [ReviewTemplate] = "accept" } });
        await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { [ReviewTemplate] = "reject" } });
        var again = await (await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions",
            new { results = new Dictionary<string, string> { [ReviewTemplate] = "accept" } })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)again["credits"]![ReviewTemplate]!);

        var unknown = await worker.Http.PostAsJsonAsync("/api/notifications/subscriptions", new { results = new Dictionary<string, string> { ["tmpl-nobody-knows"] = "accept" } });
        await unknown.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Inbox_items_can_be_marked_read_one_by_one_or_all_at_once_only_by_their_owner()
    {
        var (worker, _) = await ApprovedAsync(accepted: false);
        var inbox = await (await worker.Http.GetAsync("/api/notifications/inbox?pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(inbox["items"]!.AsArray());
        var id = (string)inbox["items"]![0]!["id"]!;

        var stranger = await api.NewWorkerAsync();
        await (await stranger.Http.PostAsync($"/api/notifications/{id}/read", null)).ProblemAsync(HttpStatusCode.NotFound, "notifications.not_found");

        await worker.Http.PostAsync($"/api/notifications/{id}/read", null).Expect(HttpStatusCode.NoContent);
        var count = await (await worker.Http.GetAsync("/api/notifications/unread-count")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((int)inbox["unreadCount"]! - 1, (int)count["unreadCount"]!);
        await worker.Http.PostAsync("/api/notifications/read-all", null).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)(await (await worker.Http.GetAsync("/api/notifications/unread-count")).ReadJsonAsync(HttpStatusCode.OK))["unreadCount"]!);
    }

    [Fact]
    public async Task An_officer_binds_wechat_with_a_login_code()
    {
        var officer = await api.OfficerAsync("qj.qilin");
        var code = await (await api.CreateClient().PostAsJsonAsync("/wechat-sim/dev/login-code", new { })).ReadJsonAsync();
        await officer.PostAsJsonAsync("/api/officer/wechat-binding", new { code = (string)code["code"]! }).Expect(HttpStatusCode.OK);
        var bound = await api.WithDbAsync(db => db.Officers.Where(o => o.Username == "qj.qilin").Select(o => o.WeChatOpenId).SingleAsync());
        Assert.Equal((string?)code["openid"], bound);
    }
}

public sealed class OfficerDigestTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Officers_above_an_overdue_application_get_one_digest_a_day_and_others_none()
    {
        var worker = await api.NewWorkerAsync();
        await worker.CompleteIdentityAsync();
        var applicationId = await api.ApplyAsync(worker, "530111001");
        await api.WithDbAsync(db => db.MembershipApplications.Where(a => a.Id == applicationId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedAt, DateTime.UtcNow.AddDays(-5))));

        for (var run = 0; run < 2; run++)
        {
            using var scope = api.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<OfficerDigest>().QueueAsync(CancellationToken.None);
        }

        var recipients = await api.WithDbAsync(db => db.Notifications.Where(n => n.Kind == OfficerDigest.Kind)
            .Join(db.Officers, n => n.RecipientId, o => o.Id, (n, o) => o.Username).ToListAsync());
        Assert.Contains("km.guandu", recipients);
        Assert.Contains("km.shi", recipients);
        Assert.Contains("yn.sheng", recipients);
        Assert.DoesNotContain("qj.shi", recipients);      // another prefecture
        Assert.DoesNotContain("km.quiz", recipients);     // no review permission
        Assert.Equal(recipients.Count, recipients.Distinct().Count()); // once per day, though the job ran twice

        var officer = await api.OfficerAsync("km.guandu");
        var inbox = await (await officer.GetAsync("/api/notifications/inbox")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("1 份入会申请已等待超过 3 天", (string?)inbox["items"]![0]!["body"]);
    }
}
