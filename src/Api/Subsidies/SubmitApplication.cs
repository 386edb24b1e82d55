using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Subsidies;

/// <summary>
/// Submits a draft, or resubmits a corrected one to the level that returned it. Eligibility is checked again, the amount
/// is computed with its breakdown, and duplicate claims are refused with a clear code: the same certificate number by
/// anyone, the same occupation and level (or degree level) by the same person, more than the yearly cap.
/// </summary>
public static class SubmitApplication
{
    public static async Task<Ok<ApplicationView>> Handle(Guid id, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var application = await SubsidyAccess.OwnAsync(db, workerId, id, ct);
        await Profiles.SensitiveConsent.RequireAsync(db, workerId, ct);
        FillApplication.RequireEditable(application);
        var resubmission = application.Status == SubsidyStatus.Returned;
        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        var owner = await db.Unions.AsNoTracking().SingleAsync(u => u.Id == program.OwnerUnionId, ct);
        var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == workerId, ct);
        var membership = await SubsidyAccess.MembershipAsync(db, workerId, ct);
        var today = ChinaTime.Today(time);
        var reasons = SubsidyEligibility.Reasons(program, owner.Path, owner.Name, new Applicant(worker, membership?.Member.JoinedOn, membership?.Union.Path), today);
        if (resubmission)
        {
            // A correction may come in after the window closed, until its own deadline; the budget is checked at approval.
            reasons = reasons.Where(r => !r.StartsWith("申请已于", StringComparison.Ordinal) && r != "本项目预算已用完").ToList();
        }

        StartApplication.RequireEligible(reasons);
        var rules = program.Rules;
        RequireDetails(application, program, rules, today);
        var amount = SubsidyAmount.Compute(rules.Amount, application.CertificateLevel, application.TuitionFen, application.HardshipTier);
        var attachments = await SubsidyViews.AttachmentsAsync(db, application.Id, ct);
        var missing = SubsidyViews.MissingDocuments(program, attachments);
        if (missing.Count > 0)
        {
            throw new DomainException("subsidies.documents_missing", "请上传以下材料后再提交：" + string.Join("、", missing));
        }

        var limitKey = SubsidyEligibility.LimitKey(rules, application.Occupation, application.CertificateLevel, application.DegreeLevel);
        var certificateKey = SubsidyApplication.NormaliseCertificateNumber(application.CertificateNumber);
        await RefuseDuplicatesAsync(db, application, certificateKey, limitKey, ct);

        var now = time.GetUtcNow().UtcDateTime;
        // The yearly cap is decided under a per-person row lock inside the transaction that saves the claim, so two
        // submissions at once cannot both fit under it (the budget is guarded the same way, at the final approval).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (rules.Limits.YearlyCapFen is { } cap)
        {
            await SubsidyYearlyCap.ReserveAsync(db, application, program.Kind, application.ClaimYear ?? today.Year, amount.AmountFen, cap, now, ct);
        }

        IReadOnlyList<ChainStep> chain = application.Chain;
        if (!resubmission)
        {
            var memberUnion = membership!.Value.Union;
            var codes = SubsidyReviewChain.CodesOnPath(memberUnion.Path).ToList();
            var ancestry = await db.Unions.AsNoTracking().Where(u => codes.Contains(u.Code)).ToListAsync(ct);
            chain = SubsidyReviewChain.Build(rules.ReviewChain, memberUnion, ancestry);
            application.UnionId = memberUnion.Id;
        }

        application.CountyCode = worker.CountyCode;
        application.ApplicantName = worker.RealName;
        application.IdNumberCipher = worker.IdNumberCipher;
        application.PhoneCipher = worker.PhoneCipher;
        var from = application.Status.ToString();
        application.Submit(now, chain, amount.AmountFen, amount.Breakdown, limitKey);
        var level = application.CurrentChainStep!;
        db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), application.Id,
            resubmission ? "subsidies.application.resubmitted" : "subsidies.application.submitted", from, nameof(SubsidyStatus.UnderReview),
            $"{level.UnionName}（{SubsidyNames.Of(level.Level)}）审核", application.UnionId);
        SubsidyNotices.ToWorker(db, now, application, program.Name, SubsidyNotices.Submitted, resubmission ? "补贴申请已重新提交" : "补贴申请已提交",
            $"您的“{program.Name}”申请已提交，申请金额 {Money.Format(amount.AmountFen)}，现由{level.UnionName}审核。");
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException) when (certificateKey is not null || limitKey is not null)
        {
            // Lost a race with another submission: the filtered unique indexes kept the claim single. Say which.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            await RefuseDuplicatesAsync(db, application, certificateKey, limitKey, ct);
            throw;
        }

        return TypedResults.Ok(await SubsidyViews.ForApplicantAsync(db, application, program, ct));
    }

    private static void RequireDetails(SubsidyApplication a, SubsidyProgram program, SubsidyRules rules, DateOnly today)
    {
        if (rules.NeedsCertificate)
        {
            if (a.CertificateNumber is null || a.Occupation is null || a.CertificateLevel is null || a.CertificateIssuedOn is null)
            {
                throw new DomainException("subsidies.certificate_required", "请选择已登记的证书，或填写证书编号、职业、等级和发证日期");
            }

            if (SubsidyEligibility.CertificateReason(rules, a.CertificateIssuedOn.Value, today) is { } reason)
            {
                throw new DomainException("subsidies.certificate_out_of_date", reason);
            }
        }

        if ((program.Kind == SubsidyKind.EducationAid || rules.Limits.OncePerDegreeLevel) && a.DegreeLevel is null)
        {
            throw new DomainException("subsidies.degree_required", "请选择就读的学历层次");
        }
    }

    private static async Task RefuseDuplicatesAsync(AppDbContext db, SubsidyApplication application, string? certificateKey, string? limitKey, CancellationToken ct)
    {
        var others = db.SubsidyApplications.AsNoTracking().Where(a => a.Id != application.Id && SubsidyApplication.ClaimingStatuses.Contains(a.Status));
        if (certificateKey is not null && await others.AnyAsync(a => a.CertificateKey == certificateKey, ct))
        {
            throw DomainException.Conflict("subsidies.certificate_claimed", $"证书编号 {application.CertificateNumber} 已有人申请过补贴，同一证书不能重复申请");
        }

        if (limitKey is not null && await others.AnyAsync(a => a.WorkerId == application.WorkerId && a.LimitKey == limitKey, ct))
        {
            throw limitKey.StartsWith("degree:", StringComparison.Ordinal)
                ? DomainException.Conflict("subsidies.degree_level_claimed", $"您已申请过{SubsidyNames.Of(application.DegreeLevel!.Value)}学历的资助，同一学历层次限申请一次")
                : DomainException.Conflict("subsidies.occupation_level_claimed",
                    $"您已申请过“{application.Occupation}”{SubsidyNames.Of(application.CertificateLevel!.Value)}的补贴，同一职业同一等级限申请一次");
        }
    }
}
