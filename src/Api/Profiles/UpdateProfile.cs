using Changai.Api.Infrastructure.Security;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>
/// Replaces the worker's profile. The ID number is only sent when it is entered or changed (responses never carry it
/// in full); saving it needs the separate consent to process sensitive personal information.
/// </summary>
public static class UpdateProfile
{
    // Every field may be left out (a partial profile is saved); a missing isEcologicalMigrant means no.
    public sealed record Request(
        string? RealName, string? IdNumber, string? Employer, string? IndustrySection, string? Occupation, SkillLevel? SkillLevel,
        EmploymentForm? EmploymentForm, NewEmploymentKind? NewEmploymentKind, string? CountyCode, bool IsEcologicalMigrant = false);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.RealName).Must(PersonName.IsValid).WithMessage(PersonName.Rule).When(r => r.RealName is not null).WithName("姓名");
            RuleFor(r => r.IdNumber).Custom((value, context) =>
            {
                if (value is null)
                {
                    return;
                }

                var problem = IdNumber.TryParse(value, ChinaTime.Today(time), out _);
                if (problem != IdNumber.Problem.None)
                {
                    context.AddFailure(nameof(Request.IdNumber), "身份证号：" + IdNumber.Describe(problem));
                }
            });
            RuleFor(r => r.Employer).MaximumLength(100).WithName("工作单位");
            RuleFor(r => r.Occupation).MaximumLength(50).WithName("职业（工种）");
            RuleFor(r => r.IndustrySection).Must(IndustrySections.IsValid).When(r => r.IndustrySection is not null)
                .WithMessage("所属行业应为国民经济行业分类（GB/T 4754）门类代码 A–T").WithName("所属行业");
            RuleFor(r => r.CountyCode).Must(YunnanRegions.IsCounty).When(r => r.CountyCode is not null)
                .WithMessage("工作所在县（市、区）应为云南省的县级行政区划代码（GB/T 2260），如 530111（官渡区）").WithName("所在县（市、区）");
            RuleFor(r => r.SkillLevel).IsInEnum().WithName("技能等级");
            RuleFor(r => r.EmploymentForm).IsInEnum().WithName("用工形式");
            RuleFor(r => r.NewEmploymentKind).NotNull().When(r => r.EmploymentForm == EmploymentForm.NewEmploymentForm)
                .WithMessage("新就业形态劳动者请选择具体类别").WithName("新就业形态类别");
        }
    }

    public static async Task<Ok<GetProfile.Response>> Handle(
        Request request, HttpContext http, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.SingleAsync(w => w.Id == http.User.UserId(), ct);
        var consent = await SensitiveConsent.HasCurrentAsync(db, worker.Id, ct);
        if (request.IdNumber is not null)
        {
            IdNumber.TryParse(request.IdNumber, ChinaTime.Today(time), out var id);
            var hash = protector.LookupHash(id!.Value);
            if (hash != worker.IdNumberHash)
            {
                if (!consent)
                {
                    throw new DomainException("profile.consent_required", "保存身份证号前，请先阅读并单独同意《敏感个人信息处理同意书》");
                }

                if (await db.Members.AnyAsync(m => m.WorkerId == worker.Id && m.Status == MembershipStatus.Active, ct))
                {
                    throw DomainException.Conflict("profile.id_number_locked", "您已入会，身份证号不能自行修改；如需更正请联系所在工会");
                }

                worker.IdNumberCipher = protector.Protect(id.Value);
                worker.IdNumberHash = hash;
                worker.BirthDate = id.BirthDate;
                worker.Gender = id.Gender;
            }
        }

        worker.RealName = request.RealName?.Trim();
        worker.Employer = request.Employer?.Trim();
        worker.IndustrySection = request.IndustrySection;
        worker.Occupation = request.Occupation?.Trim();
        worker.SkillLevel = request.SkillLevel;
        worker.EmploymentForm = request.EmploymentForm;
        worker.NewEmploymentKind = request.EmploymentForm == EmploymentForm.NewEmploymentForm ? request.NewEmploymentKind : null;
        worker.CountyCode = request.CountyCode;
        worker.IsEcologicalMigrant = request.IsEcologicalMigrant;
        worker.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GetProfile.ToResponse(worker, protector, consent, await GetProfile.CertificatesAsync(db, worker.Id, ct)));
    }
}
