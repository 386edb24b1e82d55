using System.Globalization;
using Changai.Domain.Organizations;

namespace Changai.Domain.Membership;

public enum MembershipEndReason
{
    /// <summary>本人注销账号：视同退会</summary>
    AccountCancelled,
}

/// <summary>How an entry came into the register.</summary>
public enum MemberSource
{
    /// <summary>A join application approved here.</summary>
    Application,
    /// <summary>存量会员: imported from the union's existing roster; linked to a worker when claimed (认领会籍).</summary>
    Import,
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
/// A member imported from a union's existing roster has no worker until the person claims it (<see cref="ClaimBy"/>); until
/// then the register itself holds the name, and the ID number and phone encrypted, as a worker's profile does.
/// </summary>
public sealed class Member
{
    public Guid Id { get; init; }

    /// <summary>Null for an imported member nobody has claimed yet.</summary>
    public Guid? WorkerId { get; private set; }

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

    public MemberSource Source { get; init; }

    /// <summary>原会员证号: the number on the card the union issued before this service (imported members only).</summary>
    public string? ExternalNumber { get; init; }

    /// <summary>The import that brought this entry in (the id of its audit record's entity), for the audit trail.</summary>
    public Guid? ImportId { get; init; }

    /// <summary>The imported person's name, until claimed (then the worker's profile is the record).</summary>
    public string? RegisteredName { get; private set; }

    /// <summary>The imported ID number, encrypted (<see cref="Privacy.FieldProtector"/>), until claimed.</summary>
    public string? IdNumberCipher { get; private set; }

    /// <summary>The imported phone, encrypted, until claimed.</summary>
    public string? PhoneCipher { get; private set; }

    public DateTime? ClaimedAt { get; private set; }

    public bool IsUnclaimed => WorkerId is null && Status == MembershipStatus.Active;

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
        RegisteredName = null;
        IdNumberCipher = null;
        PhoneCipher = null;
    }

    /// <summary>
    /// The person claimed this imported membership (认领会籍): it becomes theirs, with its number, join date and external
    /// number. From here their profile holds the name, ID number and phone, so the register's own copies are dropped; the
    /// phone on the register becomes the one WeChat verified for them.
    /// </summary>
    public void ClaimBy(Guid workerId, string phoneHash, DateTime now)
    {
        if (!IsUnclaimed)
        {
            throw new InvalidOperationException("only an active, unclaimed member can be claimed");
        }

        WorkerId = workerId;
        PhoneHash = phoneHash;
        RegisteredName = null;
        IdNumberCipher = null;
        PhoneCipher = null;
        ClaimedAt = now;
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
        Source = MemberSource.Application,
    };

    /// <summary>An entry of a union's existing roster (存量会员), not yet linked to any worker.</summary>
    public static Member Imported(
        Guid id, Guid importId, Union union, DateOnly joinedOn, int sequence, string name, string idNumberCipher, string idNumberHash,
        string phoneCipher, string phoneHash, string? externalNumber, DateTime now) => new()
    {
        Id = id,
        UnionId = union.Id,
        Number = FormatNumber(union, joinedOn, sequence),
        JoinedOn = joinedOn,
        Status = MembershipStatus.Active,
        IdNumberHash = idNumberHash,
        PhoneHash = phoneHash,
        CreatedAt = now,
        Source = MemberSource.Import,
        ImportId = importId,
        ExternalNumber = externalNumber,
        RegisteredName = name,
        IdNumberCipher = idNumberCipher,
        PhoneCipher = phoneCipher,
    };
}
