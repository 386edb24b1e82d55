using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>The worker's applications, newest first, each with its progress.</summary>
public static class MyApplications
{
    public sealed record UnionRef(Guid Id, string Name);

    public sealed record Item(
        Guid Id, UnionRef Union, JoinChannel Channel, ApplicationStatus Status, string StatusText, string? Note, string? ReviewComment,
        DateTime SubmittedAt, DateTime? DecidedAt, string? MembershipNumber, bool CanResubmit, bool CanWithdraw, IReadOnlyList<TimelineEntry> Timeline);

    public static async Task<Ok<IReadOnlyList<Item>>> Handle(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var rows = await db.MembershipApplications.AsNoTracking().Where(a => a.WorkerId == workerId)
            .OrderByDescending(a => a.CreatedAt).Take(50)
            .Select(a => new
            {
                Application = a,
                Union = db.Unions.Single(u => u.Id == a.UnionId),
                Number = db.Members.Where(m => m.Id == a.MembershipId).Select(m => m.Number).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var timelines = await Timeline.ForAsync(db, nameof(MembershipApplication), rows.Select(r => r.Application.Id).ToList(), ct);
        IReadOnlyList<Item> items = rows.Select(r => ToItem(r.Application, r.Union, r.Number, [..timelines[r.Application.Id]])).ToList();
        return TypedResults.Ok(items);
    }

    public static Item ToItem(MembershipApplication a, Union union, string? membershipNumber, IReadOnlyList<TimelineEntry> timeline) => new(
        a.Id, new UnionRef(union.Id, union.Name), a.Channel, a.Status, StatusNames.Of(a.Status), a.Note, a.ReviewComment, a.SubmittedAt, a.DecidedAt,
        membershipNumber, a.Status == ApplicationStatus.Returned, a.IsOpen, timeline);
}
