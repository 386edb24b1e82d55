namespace Changai.Domain.Auditing;

/// <summary>
/// Who did what to which record, when, from which state to which, and why. Written in the same transaction as the
/// change itself; it is also the timeline a worker sees for their application.
/// </summary>
public sealed class AuditRecord
{
    public Guid Id { get; init; }

    public DateTime At { get; init; }

    /// <summary><c>worker</c>, <c>officer</c> or <c>system</c>.</summary>
    public required string ActorType { get; init; }

    public Guid? ActorId { get; init; }

    public required string EntityType { get; init; }

    public Guid EntityId { get; init; }

    /// <summary>Stable action name, e.g. <c>membership.application.approved</c>, <c>membership.id_number.revealed</c>.</summary>
    public required string Action { get; init; }

    public string? FromState { get; init; }

    public string? ToState { get; init; }

    public string? Reason { get; init; }

    /// <summary>The union the record belongs to, so an officer can list the audit trail of their subtree.</summary>
    public Guid? UnionId { get; init; }
}

public static class AuditTrail
{
    public const string Worker = "worker";
    public const string Officer = "officer";
    public const string System = "system";

    /// <summary>Adds an audit record to the context; it is saved with the change it describes.</summary>
    public static AuditRecord Record(
        this Data.AppDbContext db, DateTime at, string actorType, Guid? actorId, string entityType, Guid entityId, string action,
        string? from = null, string? to = null, string? reason = null, Guid? unionId = null)
    {
        var record = new AuditRecord
        {
            Id = Guid.CreateVersion7(), At = at, ActorType = actorType, ActorId = actorId, EntityType = entityType, EntityId = entityId,
            Action = action, FromState = from, ToState = to, Reason = reason, UnionId = unionId,
        };
        db.AuditRecords.Add(record);
        return record;
    }
}
