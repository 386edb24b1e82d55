using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Profiles;
using Changai.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

public sealed record UnionRef(Guid Id, string Name);

public sealed record ProgramRef(Guid Id, string Name, SubsidyKind Kind, string KindText);

public sealed record CertificateView(Guid? WorkerCertificateId, string? Number, string? Occupation, SkillLevel? Level, string? LevelText, DateOnly? IssuedOn, string? Issuer);

public sealed record StepView(int Index, ReviewLevel Level, string LevelText, UnionRef Union, int DeadlineDays, string State);

public sealed record AttachmentView(Guid Id, string DocumentCode, string FileName, string ContentType, long SizeBytes, DateTime UploadedAt);

/// <summary>One step of an application's history, from the audit trail: what the worker sees as the timeline.</summary>
public sealed record SubsidyTimelineEntry(DateTime At, string Action, string Text, string Actor, string? FromState, string? ToState, string? Reason);

/// <summary>The full audit an officer sees: who exactly did it.</summary>
public sealed record SubsidyAuditEntry(DateTime At, string Action, string Text, string ActorType, Guid? ActorId, string? ActorName, string? FromState, string? ToState, string? Reason);

/// <summary>An application as its applicant sees it.</summary>
public sealed record ApplicationView(
    Guid Id, ProgramRef Program, SubsidyStatus Status, string StatusText, CertificateView? Certificate, DegreeLevel? DegreeLevel, string? School,
    long? TuitionFen, string? HardshipTier, string? Statement, long? AmountFen, string? AmountText, IReadOnlyList<BreakdownLine> Breakdown,
    IReadOnlyList<StepView> ReviewChain, string? CurrentLevelText, DateTime? CurrentStepDueAt, string? ReviewComment, DateTime? CorrectionDueAt,
    DateTime CreatedAt, DateTime? SubmittedAt, DateTime? DecidedAt, DateOnly? PaidOn, IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<string> MissingDocuments, bool CanEdit, bool CanWithdraw, IReadOnlyList<SubsidyTimelineEntry> Timeline);

public static class SubsidyViews
{
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["subsidies.application.drafted"] = "创建申请草稿",
        ["subsidies.application.updated"] = "填写申请信息",
        ["subsidies.attachment.added"] = "上传材料",
        ["subsidies.attachment.removed"] = "删除材料",
        ["subsidies.attachment.viewed"] = "工会审核人员查看了材料",
        ["subsidies.application.submitted"] = "提交申请",
        ["subsidies.application.resubmitted"] = "补正后重新提交",
        ["subsidies.application.level_approved"] = "本级审核通过，转上级审核",
        ["subsidies.application.passed_review"] = "终审通过，待抽签",
        ["subsidies.application.approved"] = "终审通过，已核准补贴",
        ["subsidies.application.rejected"] = "审核未通过",
        ["subsidies.application.returned"] = "退回补正",
        ["subsidies.application.withdrawn"] = "本人撤回申请",
        ["subsidies.application.expired"] = "补正期限已过，申请关闭",
        ["subsidies.application.drawn"] = "中签，已核准补贴",
        ["subsidies.application.not_selected"] = "未中签",
        ["subsidies.application.paid"] = "补贴已发放",
        ["subsidies.id_number.revealed"] = "工会审核人员查看了完整身份证号",
    };

    public static ProgramRef Ref(SubsidyProgram p) => new(p.Id, p.Name, p.Kind, SubsidyNames.Of(p.Kind));

    public static CertificateView? Certificate(SubsidyApplication a) =>
        a.CertificateNumber is null && a.WorkerCertificateId is null ? null
            : new CertificateView(a.WorkerCertificateId, a.CertificateNumber, a.Occupation, a.CertificateLevel,
                a.CertificateLevel is { } l ? SubsidyNames.Of(l) : null, a.CertificateIssuedOn, a.CertificateIssuer);

    public static IReadOnlyList<StepView> Chain(SubsidyApplication a) => a.Chain.Select((s, i) => new StepView(
        i, s.Level, SubsidyNames.Of(s.Level), new UnionRef(s.UnionId, s.UnionName), s.DeadlineDays,
        a.Status switch
        {
            SubsidyStatus.UnderReview or SubsidyStatus.Returned when i == a.CurrentStep => "current",
            SubsidyStatus.UnderReview or SubsidyStatus.Returned when i > a.CurrentStep => "pending",
            SubsidyStatus.Rejected or SubsidyStatus.Withdrawn or SubsidyStatus.Expired when i >= a.CurrentStep => "stopped",
            _ => "passed",
        })).ToList();

    public static IReadOnlyList<string> MissingDocuments(SubsidyProgram program, IEnumerable<SubsidyAttachment> attachments)
    {
        var have = attachments.Select(x => x.DocumentCode).ToHashSet();
        return program.Rules.Documents.Where(d => !have.Contains(d.Code)).Select(d => d.Name).ToList();
    }

    public static async Task<ApplicationView> ForApplicantAsync(AppDbContext db, SubsidyApplication a, SubsidyProgram program, CancellationToken ct)
    {
        var attachments = await AttachmentsAsync(db, a.Id, ct);
        var timeline = (await AuditAsync(db, a.Id, ct)).Select(r => new SubsidyTimelineEntry(
            r.At, r.Action, TextOf(r.Action), r.ActorType switch { AuditTrail.Worker => "本人", AuditTrail.Officer => "工会", _ => "系统" },
            r.FromState, r.ToState, r.Reason)).ToList();
        return new ApplicationView(
            a.Id, Ref(program), a.Status, SubsidyStatusNames.Of(a.Status), Certificate(a), a.DegreeLevel, a.School, a.TuitionFen, a.HardshipTier, a.Statement,
            a.AmountFen, a.AmountFen is { } fen ? Money.Format(fen) : null, a.Breakdown, Chain(a),
            a.CurrentChainStep is { } step ? $"{step.UnionName}（{SubsidyNames.Of(step.Level)}）" : null, a.CurrentStepDueAt, a.ReviewComment,
            a.CorrectionDueAt, a.CreatedAt, a.SubmittedAt, a.DecidedAt, a.PaidOn, attachments.Select(ToView).ToList(),
            MissingDocuments(program, attachments), a.IsEditable, a.CanWithdraw, timeline);
    }

    public static AttachmentView ToView(SubsidyAttachment x) => new(x.Id, x.DocumentCode, x.FileName, x.ContentType, x.SizeBytes, x.UploadedAt);

    public static Task<List<SubsidyAttachment>> AttachmentsAsync(AppDbContext db, Guid applicationId, CancellationToken ct) =>
        db.SubsidyAttachments.AsNoTracking().Where(x => x.ApplicationId == applicationId).OrderBy(x => x.UploadedAt).ThenBy(x => x.Id).ToListAsync(ct);

    public static async Task<List<AuditRecord>> AuditAsync(AppDbContext db, Guid applicationId, CancellationToken ct) =>
        (await db.AuditRecords.AsNoTracking().Where(r => r.EntityType == nameof(SubsidyApplication) && r.EntityId == applicationId).ToListAsync(ct))
        .OrderBy(r => r.At).ThenBy(r => r.Id).ToList();

    public static string TextOf(string action) => Texts.GetValueOrDefault(action, action);
}
