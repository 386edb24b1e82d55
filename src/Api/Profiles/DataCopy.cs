using System.Text;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Notifications;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Changai.Domain.Training;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>
/// 我的个人信息副本 (PIPL art. 45): everything the system holds about the worker, as sections of labelled lines in
/// Chinese (so the mini-program shows it without knowing our model) plus the same as plain text to copy or save. The
/// full ID number and phone appear here because the endpoint answers only the worker themselves; the answer is
/// no-store, and each copy made is audited.
/// </summary>
public static class DataCopy
{
    public sealed record Line(string Label, string Value);

    public sealed record Section(string Title, IReadOnlyList<Line> Lines);

    public sealed record Response(DateTime GeneratedAt, IReadOnlyList<Section> Sections, string Text);

    private const string None = "（无）";

    public static async Task<Ok<Response>> Handle(HttpContext http, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var w = await db.Workers.AsNoTracking().SingleAsync(x => x.Id == workerId, ct);
        var sections = new List<Section>
        {
            new("基本资料", [
                new("姓名", w.RealName ?? None),
                new("身份证号", protector.UnprotectOrNull(w.IdNumberCipher) ?? None),
                new("出生日期", w.BirthDate?.ToString("yyyy-MM-dd") ?? None),
                new("性别", w.Gender switch { Gender.Male => "男", Gender.Female => "女", _ => None }),
                new("手机号", protector.UnprotectOrNull(w.PhoneCipher) ?? None),
                new("手机号验证时间", At(w.PhoneVerifiedAt)),
                new("工作单位", w.Employer ?? None),
                new("行业门类", w.IndustrySection is null ? None : $"{w.IndustrySection} {IndustrySections.Names.GetValueOrDefault(w.IndustrySection)}"),
                new("职业（工种）", w.Occupation ?? None),
                new("技能等级", w.SkillLevel is { } level ? SubsidyNames.Of(level) : None),
                new("用工形式", w.EmploymentForm is { } form ? TrainingNames.Of(form) : None),
                new("新就业形态类别", w.NewEmploymentKind?.ToString() ?? None),
                new("工作地区（县区代码）", w.CountyCode ?? None),
                new("生态移民", w.IsEcologicalMigrant ? "是" : "否"),
            ]),
            new("微信账号与登录", [
                new("微信 openid", w.OpenId),
                new("微信 unionid", w.WeChatUnionId ?? None),
                new("注册时间", At(w.CreatedAt)),
                new("最近登录", At(w.LastLoginAt)),
                new("有效登录会话", (await db.RefreshTokens.CountAsync(t => t.SubjectType == SubjectType.Worker && t.SubjectId == workerId && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > now, ct)) + " 个"),
                new("微信会话密钥", w.SessionKeyCipher is null ? None : "已加密保存，仅服务器使用，不向任何人展示"),
            ]),
        };

        sections.Add(new("同意记录", Lines(await db.Consents.AsNoTracking().Where(c => c.WorkerId == workerId).OrderBy(c => c.GrantedAt).ToListAsync(ct),
            c => new Line("敏感个人信息处理同意（" + c.TextVersion + "）", $"同意于 {At(c.GrantedAt)}" + (c.WithdrawnAt is { } x ? $"，撤回于 {At(x)}" : "，有效")))));

        var unionNames = await db.Unions.AsNoTracking().Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        string Union(Guid id) => unionNames.GetValueOrDefault(id) ?? "";
        sections.Add(new("会籍", Lines(await db.Members.AsNoTracking().Where(m => m.WorkerId == workerId).ToListAsync(ct),
            m => new Line("会员编号 " + m.Number, $"{Union(m.UnionId)}，{m.JoinedOn:yyyy-MM-dd} 入会，" + (m.ExternalNumber is { } x ? $"原会员证号 {x}，" : "")
                + (m.Status == MembershipStatus.Active ? "有效" : $"已于 {At(m.EndedAt)} 终止")))));
        sections.Add(new("会籍认领", Lines(await db.MembershipClaims.AsNoTracking().Where(c => c.WorkerId == workerId).OrderBy(c => c.SubmittedAt).ToListAsync(ct),
            c => new Line($"{At(c.SubmittedAt)} 提交", $"{MembershipClaim.Names.Worker(c.VisibleStatus)}；认领时的姓名 {c.ClaimantName}，身份证号 {protector.Unprotect(c.IdNumberCipher)}，手机号 {protector.Unprotect(c.PhoneCipher)}"))));
        sections.Add(new("会籍转移", Lines(await db.MembershipTransfers.AsNoTracking().Where(t => t.WorkerId == workerId).OrderBy(t => t.RequestedAt).ToListAsync(ct),
            t => new Line($"{At(t.RequestedAt)} 申请", $"{Union(t.FromUnionId)} → {Union(t.ToUnionId)}，{StatusNames.Of(t.Status)}，理由：{t.Reason}"))));

        foreach (var a in await db.MembershipApplications.AsNoTracking().Where(a => a.WorkerId == workerId).OrderBy(a => a.CreatedAt).ToListAsync(ct))
        {
            sections.Add(new($"入会申请（{At(a.SubmittedAt)}）", [
                new("申请加入", Union(a.UnionId)), new("状态", StatusNames.Of(a.Status)), new("申请时的姓名", a.ApplicantName),
                new("申请时的身份证号", protector.Unprotect(a.IdNumberCipher)), new("申请时的手机号", protector.Unprotect(a.PhoneCipher)),
                new("工作单位", a.Employer ?? None), new("职业", a.Occupation ?? None), new("办结时间", At(a.DecidedAt)), new("审核意见", a.ReviewComment ?? None),
            ]));
        }

        var programs = await db.SubsidyPrograms.AsNoTracking().Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        foreach (var s in await db.SubsidyApplications.AsNoTracking().Where(a => a.WorkerId == workerId).OrderBy(a => a.CreatedAt).ToListAsync(ct))
        {
            var files = await db.SubsidyAttachments.AsNoTracking().Where(f => f.ApplicationId == s.Id).Select(f => f.FileName).ToListAsync(ct);
            sections.Add(new($"补贴申请：{programs.GetValueOrDefault(s.ProgramId)}", [
                new("状态", SubsidyStatusNames.Of(s.Status)), new("创建时间", At(s.CreatedAt)), new("提交时间", At(s.SubmittedAt)),
                new("申请金额", s.AmountFen is { } fen ? Money.Format(fen) : None), new("申请人", s.ApplicantName ?? None),
                new("申请时的身份证号", protector.UnprotectOrNull(s.IdNumberCipher) ?? None), new("申请时的手机号", protector.UnprotectOrNull(s.PhoneCipher) ?? None),
                new("证书", s.CertificateNumber is null ? None : $"{s.CertificateNumber} {s.Occupation} {(s.CertificateLevel is { } l ? SubsidyNames.Of(l) : "")}"),
                new("学校", s.School ?? None), new("困难情况说明", s.Statement ?? None), new("上传的材料", files.Count == 0 ? None : string.Join("、", files)),
                new("办结时间", At(s.DecidedAt)), new("发放日期", s.PaidOn?.ToString("yyyy-MM-dd") ?? None), new("审核意见", s.ReviewComment ?? None),
            ]));
        }

        sections.Add(new("职业资格证书", Lines(await db.WorkerCertificates.AsNoTracking().Where(c => c.WorkerId == workerId).OrderBy(c => c.IssuedOn).ToListAsync(ct),
            c => new Line(c.Number, $"{c.Occupation} {SubsidyNames.Of(c.Level)}，{c.IssuedOn:yyyy-MM-dd} 由{c.Issuer}发证"))));
        var enrollments = await db.TrainingEnrollments.AsNoTracking().Where(e => e.WorkerId == workerId).OrderBy(e => e.CreatedAt)
            .Select(e => new { e.CreatedAt, e.Status, Session = db.TrainingSessions.Where(s => s.Id == e.SessionId).Select(s => s.Title).Single(),
                Course = db.TrainingCourses.Where(c => c.Id == e.CourseId).Select(c => c.Title).Single() }).ToListAsync(ct);
        sections.Add(new("培训报名", Lines(enrollments, e => new Line($"{e.Course}（{e.Session}）", $"{At(e.CreatedAt)} 报名，{TrainingNames.Of(e.Status)}"))));
        var entries = await db.QuizCampaignEntries.AsNoTracking().Where(e => e.WorkerId == workerId)
            .Select(e => new { e.DisplayName, e.Score, Campaign = db.QuizCampaigns.Where(c => c.Id == e.CampaignId).Select(c => c.Title).Single() }).ToListAsync(ct);
        sections.Add(new("答题活动", [
            new("答题次数", (await db.QuizAttempts.CountAsync(a => a.WorkerId == workerId, ct)) + " 次"),
            .. entries.Select(e => new Line(e.Campaign, $"成绩 {e.Score} 分，排行榜显示为“{e.DisplayName}”")),
        ]));
        var notices = await db.Notifications.AsNoTracking().Where(n => n.RecipientType == Outbox.WorkerRecipient && n.RecipientId == workerId)
            .OrderByDescending(n => n.CreatedAt).Take(100).Select(n => new { n.CreatedAt, n.Title, n.Body }).ToListAsync(ct);
        sections.Add(new("消息（最近 100 条）", Lines(notices, n => new Line($"{At(n.CreatedAt)} {n.Title}", n.Body))));
        var credits = await db.SubscriptionCredits.AsNoTracking().Where(c => c.RecipientType == Outbox.WorkerRecipient && c.RecipientId == workerId).SumAsync(c => c.Credits, ct);
        sections.Add(new("订阅消息授权", [new("剩余可发送次数", credits + " 次")]));

        var text = new StringBuilder($"我的个人信息副本（生成于 {At(now)}）\n");
        foreach (var section in sections)
        {
            text.Append('\n').Append('【').Append(section.Title).Append("】\n");
            foreach (var line in section.Lines)
            {
                text.Append(line.Label).Append('：').Append(line.Value).Append('\n');
            }
        }

        db.Record(now, AuditTrail.Worker, workerId, nameof(Worker), workerId, "privacy.data_copy.exported", reason: "本人获取个人信息副本");
        await db.SaveChangesAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new Response(now, sections, text.ToString()));
    }

    private static List<Line> Lines<T>(IEnumerable<T> rows, Func<T, Line> line)
    {
        var lines = rows.Select(line).ToList();
        return lines.Count == 0 ? [new Line("记录", None)] : lines;
    }

    private static string At(DateTime? utc) => utc is { } t ? ChinaTime.ToChina(t).ToString("yyyy-MM-dd HH:mm") : None;
}
