using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Membership;

/// <summary>Checks shared by applying, resubmitting and approving.</summary>
public static class MembershipGuards
{
    /// <param name="purpose">What the worker is about to do, as the message names it (申请入会, 认领会籍).</param>
    public static void RequireCompleteIdentity(Worker worker, string purpose = "申请入会")
    {
        var missing = new List<string>();
        if (worker.RealName is null)
        {
            missing.Add("姓名");
        }

        if (worker.IdNumberHash is null)
        {
            missing.Add("身份证号");
        }

        if (worker.PhoneHash is null)
        {
            missing.Add("手机号");
        }

        if (missing.Count > 0)
        {
            throw new DomainException("membership.profile_incomplete", $"{purpose}前请先在“我的资料”中完善：{string.Join("、", missing)}");
        }
    }

    /// <summary>The union must take members through this channel.</summary>
    public static async Task<Union> RequireAcceptingUnionAsync(AppDbContext db, Guid unionId, JoinChannel channel, CancellationToken ct)
    {
        var union = await db.Unions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unionId, ct)
            ?? throw DomainException.NotFound("membership.union_not_found", "所选工会不存在");
        if (!union.AcceptsMembers)
        {
            throw new DomainException("membership.union_not_accepting", $"“{union.Name}”不直接受理入会申请，请选择基层工会或区域性、行业工会");
        }

        if (!union.Serves(channel))
        {
            throw new DomainException("membership.channel_mismatch", channel == JoinChannel.EmployerUnion
                ? $"“{union.Name}”不是单位工会；单位未建会的，请选择“通过区域性/行业工会入会”"
                : $"“{union.Name}”是单位工会；请选择“通过所在单位工会入会”");
        }

        return union;
    }

    /// <summary>
    /// What a worker applying or resubmitting is told: that they are a member already, that their own (WeChat-verified) phone
    /// is, or that a claim of theirs is in progress. Never whether the ID number in their profile is on the register: anyone
    /// can type any ID number, so that answer would tell whether a given person is a member. Such an application is accepted;
    /// the reviewing officer sees the match (<see cref="RegisterMatchAsync"/>) and the approval links or refuses it.
    /// </summary>
    public static async Task RequireNotMemberForWorkerAsync(AppDbContext db, Guid workerId, string phoneHash, CancellationToken ct)
    {
        var active = db.Members.Where(m => m.Status == MembershipStatus.Active);
        if (await active.AnyAsync(m => m.WorkerId == workerId, ct))
        {
            throw DomainException.Conflict("membership.already_member", "您已经是工会会员；换了工作请办理会籍转移");
        }

        if (await active.AnyAsync(m => m.PhoneHash == phoneHash, ct))
        {
            throw DomainException.Conflict("membership.phone_taken", "您的手机号已登记为工会会员。如您已是会员，请通过“我已经是会员”认领会籍；否则请联系工会");
        }

        if (await db.MembershipClaims.AnyAsync(c => c.WorkerId == workerId && MembershipClaim.OpenStatuses.Contains(c.Status), ct))
        {
            throw DomainException.Conflict("membership.claim_open", "您已提交会籍认领，正在核对中；请等待核对结果后再申请入会");
        }
    }

    /// <summary>What the register holds for an applicant's ID number, in words for the reviewing officer (null: nothing).</summary>
    public static async Task<string?> RegisterMatchAsync(AppDbContext db, OfficerScope scope, OfficerContext officer, string idNumberHash, Guid workerId, CancellationToken ct)
    {
        var match = await db.Members.AsNoTracking()
            .Where(m => m.Status == MembershipStatus.Active && m.IdNumberHash == idNumberHash && m.WorkerId != workerId)
            .Select(m => new { m.Number, m.ExternalNumber, m.JoinedOn, m.WorkerId, Union = scope.UnionsWithin(officer).Where(u => u.Id == m.UnionId).Select(u => u.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (match is null)
        {
            return null;
        }

        if (match.Union is null)
        {
            return "该身份证号已是您管辖范围以外工会的在册会员：不能通过本申请，请与申请人联系核实（如需转会，请其办理会籍转移）。";
        }

        var external = match.ExternalNumber is null ? "" : $"，原会员证号 {match.ExternalNumber}";
        return match.WorkerId is null
            ? $"该身份证号与“{match.Union}”的存量会员相符（会员号 {match.Number}{external}，{match.JoinedOn:yyyy-MM-dd} 入会，尚未认领）：审核通过即由申请人认领该会籍，保留原入会日期和会员号。"
            : $"该身份证号已是“{match.Union}”的会员（会员号 {match.Number}），会籍在另一个微信账号名下：不能通过本申请，请与申请人联系核实。";
    }

    /// <summary>Refuses a second membership for the same worker, ID number or phone (what the approving officer is told).</summary>
    public static async Task RequireNotMemberAsync(AppDbContext db, Guid workerId, string idNumberHash, string phoneHash, CancellationToken ct)
    {
        var active = db.Members.Where(m => m.Status == MembershipStatus.Active);
        if (await active.AnyAsync(m => m.WorkerId == workerId, ct))
        {
            throw DomainException.Conflict("membership.already_member", "申请人已经是工会会员");
        }

        if (await active.AnyAsync(m => m.IdNumberHash == idNumberHash, ct))
        {
            throw DomainException.Conflict("membership.id_number_taken", "申请人的身份证号已登记为工会会员，不能重复入会");
        }

        if (await active.AnyAsync(m => m.PhoneHash == phoneHash, ct))
        {
            throw DomainException.Conflict("membership.phone_taken", "申请人的手机号已登记在另一名会员名下，不能重复入会");
        }
    }
}
