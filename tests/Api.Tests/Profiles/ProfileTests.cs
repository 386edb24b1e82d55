using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Profiles;

public sealed class ProfileTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_wrong_id_check_character_gets_a_400_naming_the_field_in_chinese()
    {
        var worker = await api.NewWorkerAsync();
        await worker.Http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = "2026-11-v1" }).Expect(HttpStatusCode.OK);
        var response = await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "王芳", idNumber = IdNumbers.WithWrongCheck(IdNumbers.Random()) });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var message = (string)problem["errors"]!["idNumber"]![0]!;
        Assert.Contains("身份证号", message);
        Assert.Contains("校验位", message);
        // Nothing was half-written: the name sent with the bad number was not saved either.
        Assert.Null(await api.WithDbAsync(db => db.Workers.Where(w => w.Id == worker.Id).Select(w => w.RealName).SingleAsync()));
    }

    [Fact]
    public async Task Saving_an_id_number_needs_the_separate_consent_first()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random();
        var refused = await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "王芳", idNumber });
        await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "profile.consent_required");

        var consent = await (await worker.Http.GetAsync("/api/me/consents/sensitive-personal-information")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)consent["granted"]!);
        await worker.Http.PostAsJsonAsync("/api/me/consents/sensitive-personal-information", new { textVersion = (string)consent["textVersion"]! }).Expect(HttpStatusCode.OK);
        var saved = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "王芳", idNumber })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(idNumber[..1] + "****************" + idNumber[^1..], (string?)saved["idNumberMasked"]);
        // Only the year beside the mask: the full date would give eight of the hidden digits away.
        Assert.Equal(int.Parse(idNumber[6..10]), (int?)saved["birthYear"]);
        Assert.Null(saved["birthDate"]);
        Assert.Equal((idNumber[16] - '0') % 2 == 1 ? "male" : "female", (string?)saved["gender"]);
        var record = await api.WithDbAsync(db => db.Consents.SingleAsync(c => c.WorkerId == worker.Id));
        Assert.Equal("2026-11-v1", record.TextVersion);
    }

    [Fact]
    public async Task Id_number_and_phone_are_encrypted_at_rest_and_the_session_key_never_leaves_the_server()
    {
        var worker = await api.NewWorkerAsync();
        var idNumber = IdNumbers.Random();
        await worker.CompleteIdentityAsync(idNumber, "13912345678");

        var stored = await api.WithDbAsync(db => db.Workers.AsNoTracking().SingleAsync(w => w.Id == worker.Id));
        Assert.DoesNotContain(idNumber, stored.IdNumberCipher!);
        Assert.DoesNotContain("13912345678", stored.PhoneCipher!);
        Assert.StartsWith("demo1:", stored.IdNumberCipher!);
        Assert.NotNull(stored.SessionKeyCipher);

        var profile = await (await worker.Http.GetAsync("/api/me/profile")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(idNumber, profile);
        Assert.DoesNotContain("13912345678", profile);
        Assert.DoesNotContain("session", profile, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_profile_says_whether_the_worker_counts_as_an_industrial_worker_and_why()
    {
        var worker = await api.NewWorkerAsync();
        var courier = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new
        {
            realName = "岩温", employmentForm = "newEmploymentForm", newEmploymentKind = "courier", industrySection = "G",
        })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)courier["industrialWorker"]!["isIndustrialWorker"]!);

        var shop = await (await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "岩温", employmentForm = "selfEmployed", industrySection = "F" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)shop["industrialWorker"]!["isIndustrialWorker"]!);
        Assert.Contains("个体", (string)shop["industrialWorker"]!["reasons"]![0]!);
    }

    [Fact]
    public async Task A_new_employment_form_worker_must_say_which_kind()
    {
        var worker = await api.NewWorkerAsync();
        var response = await worker.Http.PutAsJsonAsync("/api/me/profile", new { realName = "岩温", employmentForm = "newEmploymentForm" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.NotNull(problem["errors"]!["newEmploymentKind"]);
    }

    [Fact]
    public async Task A_used_phone_code_is_refused_with_a_clear_code()
    {
        var worker = await api.NewWorkerAsync();
        var code = await (await worker.Http.PostAsJsonAsync("/wechat-sim/dev/phone-code", new { phoneNumber = "13700000000" })).ReadJsonAsync();
        await worker.Http.PostAsJsonAsync("/api/me/phone", new { code = (string)code["code"]! }).Expect(HttpStatusCode.OK);
        var reused = await worker.Http.PostAsJsonAsync("/api/me/phone", new { code = (string)code["code"]! });
        await reused.ProblemAsync(HttpStatusCode.BadRequest, "profile.phone_code_invalid");
    }
}
