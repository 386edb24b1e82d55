using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;

namespace Changai.Api.Notifications;

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("消息与订阅").RequireAuthorization(Policies.AnyUser);
        group.MapPost("/subscriptions", ReportSubscriptions.Handle).Validate<ReportSubscriptions.Request>()
            .WithSummary("上报 wx.requestSubscribeMessage 的结果：每个 accept 增加一次可发送次数");
        group.MapGet("/inbox", Inbox.List).Validate<Inbox.Query>().WithSummary("站内消息（最新在前），不论微信是否送达都能看到");
        group.MapGet("/unread-count", Inbox.UnreadCount).WithSummary("未读消息数");
        group.MapPost("/{id:guid}/read", Inbox.MarkRead).WithSummary("标记为已读");
        group.MapPost("/read-all", Inbox.MarkAllRead).WithSummary("全部标记为已读");
        return app;
    }

    /// <summary>The inbox and credits belong to whoever is logged in: a worker, or an officer.</summary>
    internal static (string Type, Guid Id) Recipient(HttpContext http) =>
        (http.User.FindFirst(Policies.RoleClaim)?.Value == Policies.Officer ? Domain.Notifications.Outbox.OfficerRecipient : Domain.Notifications.Outbox.WorkerRecipient,
            http.User.UserId());
}
