using System.Globalization;
using Changai.Domain.Identity;
using Changai.Domain.Profiles;

namespace Changai.Domain.Subsidies;

/// <summary>What the eligibility check needs to know about the applicant.</summary>
public sealed record Applicant(Worker Worker, DateOnly? JoinedOn, string? MemberUnionPath);

/// <summary>
/// Whether a worker may apply to a programme, and if not, every reason in plain Chinese — shown before applying, and
/// checked again on submit. Certificate rules are checked on submit, once a certificate is chosen.
/// </summary>
public static class SubsidyEligibility
{
    public static IReadOnlyList<string> Reasons(SubsidyProgram program, string ownerPath, string ownerName, Applicant applicant, DateOnly today)
    {
        var reasons = new List<string>();
        var worker = applicant.Worker;
        var rules = program.Rules.Eligibility;
        if (today < program.OpensOn)
        {
            reasons.Add($"申请尚未开始，{program.OpensOn:yyyy年M月d日}起可申请");
        }
        else if (today > program.ClosesOn)
        {
            reasons.Add($"申请已于{program.ClosesOn:yyyy年M月d日}截止");
        }

        if (!worker.HasCompleteIdentity)
        {
            reasons.Add("请先在“我的资料”中完善姓名、身份证号和手机号");
        }

        if (applicant.JoinedOn is not { } joinedOn || applicant.MemberUnionPath is null)
        {
            reasons.Add("本项目仅限工会会员申请，请先加入工会");
        }
        else
        {
            if (!applicant.MemberUnionPath.StartsWith(ownerPath, StringComparison.Ordinal))
            {
                reasons.Add($"本项目仅限“{ownerName}”所属工会的会员申请");
            }

            var eligibleFrom = joinedOn.AddMonths(rules.MinMembershipMonths);
            if (rules.MinMembershipMonths > 0 && eligibleFrom > today)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"入会满 {rules.MinMembershipMonths} 个月方可申请，您于{joinedOn:yyyy年M月d日}入会，{eligibleFrom:yyyy年M月d日}起可申请"));
            }
        }

        if (rules.RequireIndustrialWorker)
        {
            var assessment = IndustrialWorkerStandard.Assess(worker);
            if (!assessment.IsIndustrialWorker)
            {
                reasons.Add("本项目仅限产业工人申请：" + string.Join("；", assessment.Reasons));
            }
        }

        if (rules.RegionCodes is { Count: > 0 } regions)
        {
            if (worker.CountyCode is null)
            {
                reasons.Add("请先在“我的资料”中填写工作所在县（市、区）");
            }
            else if (!regions.Any(r => worker.CountyCode.StartsWith(r, StringComparison.Ordinal)))
            {
                reasons.Add("您工作所在地区不在本项目范围内");
            }
        }

        if (program.Allocation == AllocationMode.FirstComeFirstServed && program.RemainingFen <= 0)
        {
            reasons.Add("本项目预算已用完");
        }

        return reasons;
    }

    /// <summary>The certificate date rule: issued, and not longer ago than the programme allows.</summary>
    public static string? CertificateReason(SubsidyRules rules, DateOnly issuedOn, DateOnly today)
    {
        if (issuedOn > today)
        {
            return "证书发证日期不能晚于今天";
        }

        if (rules.Eligibility.CertificateWithinMonths is { } months && issuedOn.AddMonths(months) < today)
        {
            return string.Create(CultureInfo.InvariantCulture, $"证书须在发证后 {months} 个月内申请，该证书发证于{issuedOn:yyyy年M月d日}，已超过期限");
        }

        return null;
    }

    /// <summary>The key of the per-person limit this claim uses, or null when the programme sets none.</summary>
    public static string? LimitKey(SubsidyRules rules, string? occupation, SkillLevel? level, DegreeLevel? degree)
    {
        if (rules.Limits.OncePerOccupationAndLevel && occupation is not null && level is not null)
        {
            return $"occupation-level:{occupation.Trim()}:{level}";
        }

        return rules.Limits.OncePerDegreeLevel && degree is not null ? $"degree:{degree}" : null;
    }
}
