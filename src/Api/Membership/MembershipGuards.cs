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
    public static void RequireCompleteIdentity(Worker worker)
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
            throw new DomainException("membership.profile_incomplete", $"申请入会前请先在“我的资料”中完善：{string.Join("、", missing)}");
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

    /// <summary>Refuses a second membership for the same worker, ID number or phone.</summary>
    public static async Task RequireNotMemberAsync(AppDbContext db, Guid workerId, string idNumberHash, string phoneHash, CancellationToken ct)
    {
        var active = db.Members.Where(m => m.Status == MembershipStatus.Active);
        if (await active.AnyAsync(m => m.WorkerId == workerId, ct))
        {
            throw DomainException.Conflict("membership.already_member", "您已经是工会会员；换了工作请办理会籍转移");
        }

        if (await active.AnyAsync(m => m.IdNumberHash == idNumberHash, ct))
        {
            throw DomainException.Conflict("membership.id_number_taken", "该身份证号已登记为工会会员，不能重复入会；如有疑问请联系工会");
        }

        if (await active.AnyAsync(m => m.PhoneHash == phoneHash, ct))
        {
            throw DomainException.Conflict("membership.phone_taken", "该手机号已被其他会员使用，请更换手机号或联系工会");
        }
    }
}
