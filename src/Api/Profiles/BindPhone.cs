using Changai.Api.Identity;
using Changai.Api.Infrastructure;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.WeChat;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.Profiles;

/// <summary>Binds the phone number WeChat verified (button open-type="getPhoneNumber" → code → getuserphonenumber).</summary>
public static class BindPhone
{
    public sealed record Request(string Code);

    public sealed record Response(string PhoneMasked);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(128).WithName("手机号授权码");
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Request request, HttpContext http, AppDbContext db, WeChatClient wechat, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.SingleAsync(w => w.Id == http.User.UserId(), ct);
        PhoneNumberInfo phone;
        try
        {
            phone = await wechat.GetUserPhoneNumberAsync(request.Code, worker.OpenId, ct);
        }
        catch (WeChatApiException e) when (e.ErrCode is WeChatErrorCodes.InvalidCode or 40013)
        {
            return Problems.Create(400, "profile.phone_code_invalid", "手机号授权已失效，请重新点击获取手机号");
        }
        catch (Exception e) when (e is WeChatApiException or WeChatTransportException)
        {
            return WeChatProblems.Unavailable();
        }

        // Mainland numbers are stored without the country code; others keep it so they stay unambiguous.
        var number = phone.CountryCode == "86" ? phone.PurePhoneNumber : "+" + phone.CountryCode + phone.PurePhoneNumber;
        worker.PhoneCipher = protector.Protect(number);
        worker.PhoneHash = protector.LookupHash(number);
        worker.PhoneVerifiedAt = worker.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Response(Masking.Phone(number)));
    }
}
