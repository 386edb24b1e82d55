using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Notifications;

/// <summary>Every notification, newest first, whether or not WeChat delivered it: nothing is lost.</summary>
public static class Inbox
{
    public sealed record Query(int Page = 1, int PageSize = 20);

    public sealed record Item(Guid Id, string Kind, string Title, string Body, string? Page, DateTime CreatedAt, DateTime? ReadAt, DeliveryStatus Delivery);

    public sealed record Response(IReadOnlyList<Item> Items, int Page, int PageSize, int Total, int UnreadCount);

    public sealed record Count(int UnreadCount);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("页码");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 50).WithName("每页条数");
        }
    }

    public static async Task<Ok<Response>> List([AsParameters] Query query, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var mine = Mine(db, http);
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(n => new Item(n.Id, n.Kind, n.Title, n.Body, n.Page, n.CreatedAt, n.ReadAt, n.DeliveryStatus))
            .ToListAsync(ct);
        return TypedResults.Ok(new Response(items, query.Page, query.PageSize, total, unread));
    }

    public static async Task<Ok<Count>> UnreadCount(HttpContext http, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new Count(await Mine(db, http).CountAsync(n => n.ReadAt == null, ct)));

    public static async Task<NoContent> MarkRead(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await Mine(db, http).Where(n => n.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);
        return updated == 0 ? throw DomainException.NotFound("notifications.not_found", "未找到该消息") : TypedResults.NoContent();
    }

    public static async Task<Ok<Count>> MarkAllRead(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await Mine(db, http).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.Ok(new Count(0));
    }

    private static IQueryable<Notification> Mine(AppDbContext db, HttpContext http)
    {
        var (type, id) = NotificationEndpoints.Recipient(http);
        return db.Notifications.AsNoTracking().Where(n => n.RecipientType == type && n.RecipientId == id);
    }
}
