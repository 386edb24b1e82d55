using System.Net;
using System.Net.Http.Json;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>
/// The check-in code as a 小程序码: an image WeChat drew for the check-in page, whose 32-character scene names the session
/// and a token that checks the worker in while it is current. (The mini-program's end-to-end run decodes the image and
/// checks in through the page it opens.)
/// </summary>
public sealed class CheckInWxaCodeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task The_officer_gets_a_wxacode_image_and_its_scene_token_checks_the_worker_in()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (_, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("焊工安全培训")),
            TrainingKit.Session(DateTime.UtcNow.AddMinutes(20), 10));
        var sessionId = ids[0];
        var worker = await api.IdentifiedWorkerAsync("杨金花");
        await (await worker.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created);

        var response = await officer.GetAsync($"/api/officer/training/sessions/{sessionId}/check-in-wxacode");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "a code of 30 seconds must not be cached");
        var image = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngSignature, image.Take(8));

        // The scene of this step, as the endpoint issued it: the page splits it into the session and the token.
        var codes = api.Services.GetRequiredService<CheckInCodes>();
        var scene = codes.IssueScene(sessionId).Scene;
        Assert.Equal(sessionId, new Guid(System.Buffers.Text.Base64Url.DecodeFromChars(scene.AsSpan(0, 22)), bigEndian: true));
        var checkedIn = await (await worker.Http.PostAsJsonAsync($"/api/training/sessions/{sessionId}/check-in", new { token = scene[22..] }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("checkedIn", (string?)checkedIn["status"]);
        Assert.Equal("qrCode", (string?)checkedIn["method"]);
    }

    [Fact]
    public async Task A_scene_token_from_a_minute_ago_is_refused_as_expired()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (_, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("电工安全培训")),
            TrainingKit.Session(DateTime.UtcNow.AddMinutes(20), 10));
        var sessionId = ids[0];
        var worker = await api.IdentifiedWorkerAsync("刀玉兰");
        await (await worker.EnrolAsync(sessionId)).ReadJsonAsync(HttpStatusCode.Created);

        var old = new CheckInCodes(api.Services.GetRequiredService<IOptions<TrainingOptions>>(), new FixedClock(DateTime.UtcNow.AddSeconds(-90)));
        var stale = await worker.Http.PostAsJsonAsync($"/api/training/sessions/{sessionId}/check-in", new { token = old.IssueScene(sessionId).Scene[22..] });
        await stale.ProblemAsync(HttpStatusCode.UnprocessableEntity, "training.check_in_token_expired");
    }

    [Fact]
    public async Task Only_officers_above_the_organiser_get_the_code()
    {
        var officer = await api.OfficerAsync("km.guandu");
        var (_, ids) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("叉车司机培训")),
            TrainingKit.Session(DateTime.UtcNow.AddDays(2), 10));
        var path = $"/api/officer/training/sessions/{ids[0]}/check-in-wxacode";

        Assert.Equal(HttpStatusCode.OK, (await (await api.OfficerAsync("km.shi")).GetAsync(path)).StatusCode);
        await (await (await api.OfficerAsync("qj.shi")).GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound, "training.session_not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.NewWorkerAsync()).Http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync(path)).StatusCode);
    }
}
