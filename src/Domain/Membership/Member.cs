using System.Globalization;
using Changai.Domain.Organizations;

namespace Changai.Domain.Membership;

public enum MembershipEndReason
{
    /// <summary>本人注销账号：视同退会</summary>
    AccountCancelled,
}

public enum MembershipStatus
{
    Active,
    /// <summary>会籍终止（退会、除名）</summary>
    Ended,
}

/// <summary>
/// A union membership (会籍). One active membership per worker, per ID number and per phone: filtered unique indexes
/// hold that even when two approvals race. It moves with the worker (<see cref="MembershipTransfer"/>), keeping its join date.
/// </summary>
public sealed class Member
{
    public Guid Id { get; init; }

    public Guid WorkerId { get; init; }

    public Guid UnionId { get; private set; }

    public required string Number { get; set; }

    public DateOnly JoinedOn { get; init; }

    public MembershipStatus Status { get; set; }

    public required string IdNumberHash { get; init; }

    /// <summary>Emptied when the member cancels the account: the register keeps no way to reach the person.</summary>
    public required string PhoneHash { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? EndedAt { get; set; }

    public MembershipEndReason? EndReason { get; private set; }

    public int Version { get; set; }

    /// <summary>
    /// <c>5301-20261121-530102001-00001</c>: prefecture code, join date, the issuing union's code and its sequence.
    /// Unique by construction, and an officer can read where and when the worker joined.
    /// </summary>
    public static string FormatNumber(Union union, DateOnly joinedOn, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{union.PrefectureCode}-{joinedOn:yyyyMMdd}-{union.Code}-{sequence:D5}");

    /// <summary>
    /// The account was cancelled: the membership ends (the union's rule: cancelling the account is leaving the union).
    /// The register keeps the number, union, join and end dates and the keyed ID-number hash (so the union can still
    /// answer whether a presented ID number was a member); the phone hash is dropped.
    /// </summary>
    public void EndByCancellation(DateTime now)
    {
        if (Status == MembershipStatus.Active)
        {
            Status = MembershipStatus.Ended;
            EndedAt = now;
            EndReason = MembershipEndReason.AccountCancelled;
        }

        PhoneHash = "";
    }

    public void MoveTo(Union union, int sequence)
    {
        UnionId = union.Id;
        Number = FormatNumber(union, JoinedOn, sequence);
    }

    public static Member Create(Guid id, Guid workerId, Union union, DateOnly joinedOn, int sequence, string idNumberHash, string phoneHash, DateTime now) => new()
    {
        Id = id,
        WorkerId = workerId,
        UnionId = union.Id,
        Number = FormatNumber(union, joinedOn, sequence),
        JoinedOn = joinedOn,
        Status = MembershipStatus.Active,
        IdNumberHash = idNumberHash,
        PhoneHash = phoneHash,
        CreatedAt = now,
    };
}
