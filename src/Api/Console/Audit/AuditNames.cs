using Changai.Domain.Identity;

namespace Changai.Api.OfficerConsole.Audit;

/// <summary>The Chinese an officer reads for each audited action and record type; an unknown one shows its code.</summary>
public static class AuditNames
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["identity.officer.created"] = "开设干部账号",
        ["identity.officer.disabled"] = "停用干部账号",
        ["identity.officer.enabled"] = "启用干部账号",
        ["identity.officer.password_changed"] = "修改本人密码",
        ["identity.officer.password_reset"] = "重置干部密码",
        ["identity.officer.unlocked"] = "解除账号锁定",
        ["identity.officer.bootstrapped"] = "初始化第一位管理员",
        ["organizations.union.bootstrapped"] = "初始化省总工会",
        ["organizations.union.imported"] = "导入工会（新增）",
        ["organizations.union.import_updated"] = "导入工会（修改）",
        ["organizations.union.created"] = "新建工会",
        ["organizations.union.renamed"] = "工会改名",
        ["organizations.union.updated"] = "修改工会信息",
        ["organizations.union.moved"] = "调整上级工会",
        ["organizations.union.moved_out"] = "下级工会调出",
        ["organizations.union.closed"] = "撤销/合并工会",
        ["organizations.union.merged_in"] = "接收被撤销/合并工会的会员",
        ["identity.officer.imported"] = "导入干部账号",
        ["identity.officer.import_updated"] = "导入干部账号（修改）",
        ["identity.officer.activated"] = "激活干部账号",
        ["membership.transfer.union_closed"] = "工会撤销/合并，会籍随之转入",
        ["membership.member.union_closed"] = "工会撤销/合并，未认领的存量会员随之转入",
        ["membership.application.union_moved"] = "工会撤销/合并，入会申请转至新工会",
        ["membership.application.union_closed"] = "工会撤销，通知申请人重新选择工会",
        ["membership.application.submitted"] = "提交入会申请",
        ["membership.application.resubmitted"] = "补正后重新提交入会申请",
        ["membership.application.withdrawn"] = "撤回入会申请",
        ["membership.application.approved"] = "入会申请审核通过",
        ["membership.application.rejected"] = "入会申请不予通过",
        ["membership.application.returned"] = "入会申请退回补正",
        ["membership.id_number.revealed"] = "查看入会申请人完整身份证号",
        ["membership.transfer.requested"] = "申请转会",
        ["membership.transfer.withdrawn"] = "撤回转会申请",
        ["membership.transfer.approved"] = "同意转会",
        ["membership.transfer.rejected"] = "不同意转会",
        ["membership.transfer.out"] = "办理会籍转出",
        ["membership.members.imported"] = "导入存量会员",
        ["membership.members.exported"] = "导出会员名册（脱敏）",
        ["audit.records.exported"] = "导出操作记录（脱敏）",
        ["membership.applications.exported"] = "导出入会申请（脱敏）",
        ["membership.claims.exported"] = "导出会籍认领（脱敏）",
        ["membership.members.imported_into"] = "导入存量会员（本工会）",
        ["membership.member.claimed"] = "存量会籍归属职工账号（认领）",
        ["membership.claim.submitted"] = "提交会籍认领",
        ["membership.claim.approved"] = "确认会籍认领",
        ["membership.claim.refused"] = "不予认领会籍",
        ["membership.claim.unverified"] = "会籍认领到期未通过",
        ["membership.claim.erased_on_cancellation"] = "注销账号删除会籍认领",
        ["membership.claim.erased_on_consent_withdrawal"] = "撤回同意删除会籍认领",
        ["subsidies.application.drafted"] = "填写补贴申请（草稿）",
        ["subsidies.application.updated"] = "修改补贴申请",
        ["subsidies.application.submitted"] = "提交补贴申请",
        ["subsidies.application.resubmitted"] = "补正后重新提交补贴申请",
        ["subsidies.application.withdrawn"] = "撤回补贴申请",
        ["subsidies.application.level_approved"] = "补贴申请本级审核通过",
        ["subsidies.application.passed_review"] = "补贴申请审核通过（待抽签）",
        ["subsidies.application.approved"] = "补贴申请审核通过",
        ["subsidies.application.rejected"] = "补贴申请不予通过",
        ["subsidies.application.returned"] = "补贴申请退回补正",
        ["subsidies.application.expired"] = "补贴申请逾期未补正",
        ["subsidies.application.drawn"] = "补贴抽签中签",
        ["subsidies.application.not_selected"] = "补贴抽签未中签",
        ["subsidies.application.paid"] = "补贴已发放",
        ["subsidies.attachment.added"] = "上传补贴材料",
        ["subsidies.attachment.removed"] = "删除补贴材料",
        ["subsidies.attachment.viewed"] = "查看补贴材料",
        ["subsidies.id_number.revealed"] = "查看补贴申请人完整身份证号",
        ["subsidies.applications.exported"] = "导出补贴申请列表（脱敏）",
        ["subsidies.payments.exported"] = "导出补贴发放名单（脱敏）",
        ["subsidies.export.masked"] = "导出发放名单（脱敏）",
        ["subsidies.export.full_id_numbers"] = "导出发放名单（含完整身份证号）",
        ["subsidies.program.created"] = "新建补贴项目",
        ["subsidies.program.updated"] = "修改补贴项目",
        ["subsidies.program.drawn"] = "补贴项目抽签",
        ["training.course.created"] = "新建培训课程",
        ["training.course.updated"] = "修改培训课程",
        ["training.course.published"] = "发布培训课程",
        ["training.course.closed"] = "关闭培训课程",
        ["training.session.added"] = "添加培训班次",
        ["training.session.updated"] = "修改培训班次",
        ["training.session.cancelled"] = "取消培训班次",
        ["training.enrollment.confirmed"] = "培训报名成功",
        ["training.enrollment.waitlisted"] = "培训报名候补",
        ["training.enrollment.cancelled"] = "取消培训报名",
        ["training.enrollment.checked_in"] = "培训签到",
        ["training.enrollment.no_show"] = "培训未到",
        ["training.enrollment.session_cancelled"] = "因班次取消而取消报名",
        ["training.enrollments.exported"] = "导出培训名单",
        ["training.seat.offered"] = "候补转正（待确认）",
        ["training.offer.confirmed"] = "确认候补名额",
        ["training.offer.expired"] = "候补名额过期",
        ["training.certificate.recorded"] = "登记培训证书",
        ["quiz.question.created"] = "新增竞答题目",
        ["quiz.question.edited"] = "修改竞答题目",
        ["quiz.question.imported"] = "导入竞答题目",
        ["quiz.question.archived"] = "停用竞答题目",
        ["quiz.question.restored"] = "恢复竞答题目",
        ["quiz.campaign.created"] = "新建竞答活动",
        ["quiz.campaign.updated"] = "修改竞答活动",
        ["quiz.campaign.published"] = "发布竞答活动",
        ["quiz.campaign.drawn"] = "竞答开奖",
    };

    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["Officer"] = "干部账号",
        ["Union"] = "工会组织",
        ["MembershipApplication"] = "入会申请",
        ["MembershipTransfer"] = "转会申请",
        ["MembershipClaim"] = "会籍认领",
        ["MemberImport"] = "存量会员导入",
        ["Member"] = "会籍",
        ["SubsidyApplication"] = "补贴申请",
        ["SubsidyProgram"] = "补贴项目",
        ["TrainingCourse"] = "培训课程",
        ["TrainingSession"] = "培训班次",
        ["TrainingEnrollment"] = "培训报名",
        ["WorkerCertificate"] = "职工证书",
        ["QuizQuestion"] = "竞答题目",
        ["QuizCampaign"] = "竞答活动",
    };

    /// <summary>The state names records carry (enum names of applications, enrolments, courses…), in Chinese.</summary>
    private static readonly Dictionary<string, string> States = new(StringComparer.Ordinal)
    {
        ["Draft"] = "草稿", ["Submitted"] = "已提交", ["UnderReview"] = "审核中", ["Approved"] = "已通过", ["Rejected"] = "不予通过",
        ["Returned"] = "退回补正", ["Withdrawn"] = "已撤回", ["Expired"] = "已逾期", ["AwaitingDraw"] = "待抽签", ["NotSelected"] = "未中签",
        ["Paid"] = "已发放", ["Pending"] = "待审核", ["Published"] = "已发布", ["Closed"] = "已关闭", ["Scheduled"] = "正常",
        ["Cancelled"] = "已取消", ["Confirmed"] = "报名成功", ["Waitlisted"] = "候补中", ["Offered"] = "候补转正待确认", ["CheckedIn"] = "已签到",
        ["NoShow"] = "未到", ["OfferExpired"] = "候补转正已过期", ["SessionCancelled"] = "班次已取消", ["Active"] = "正常", ["Disabled"] = "已停用",
        ["Dissolved"] = "已撤销", ["Merged"] = "已合并",
        ["RefusedByOfficer"] = "不予认领（到期告知）", ["Linked"] = "已认领", ["Unverified"] = "未通过", ["Unclaimed"] = "未认领", ["Claimed"] = "已认领",
        ["Grassroots"] = "基层工会审核", ["County"] = "县级审核", ["City"] = "州市级审核", ["Province"] = "省级审核",
    };

    public static IEnumerable<string> KnownActions => Actions.Keys;

    public static string? State(string? state) => state switch
    {
        null => null,
        _ when States.TryGetValue(state, out var name) => name,
        // A prize draw records its winners as "3 winners".
        _ when state.EndsWith(" winners", StringComparison.Ordinal) && int.TryParse(state[..^8], out var winners) => $"{winners} 名获奖者",
        _ => Permissions(state),
    };

    /// <summary>
    /// An officer account's permissions as recorded ("ReviewMembership,ReviewSubsidies", after "张三；" on an update) by the
    /// names the officer pages use ("入会审核、补贴审核"); any other text as it is.
    /// </summary>
    private static string Permissions(string state) => string.Join("；", state.Split('；').Select(part =>
    {
        var names = part.Split(',', StringSplitOptions.TrimEntries);
        return names.All(n => Enum.TryParse<OfficerPermissions>(n, out var p) && Enum.IsDefined(p) && !int.TryParse(n, out _))
            ? string.Join("、", names.Select(n => OfficerAccountRules.PermissionText(Enum.Parse<OfficerPermissions>(n))))
            : part;
    }));

    public static string Action(string action) => Actions.GetValueOrDefault(action, action);

    public static string Entity(string type) => Entities.GetValueOrDefault(type, type);
}
