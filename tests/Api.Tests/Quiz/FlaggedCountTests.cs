using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Changai.Api.Tests.Infrastructure;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>异常答卷 (handed in faster than a person reads) is one number in every officer answer: list, detail, figures, export.</summary>
public sealed class FlaggedCountTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_campaign_list_the_campaign_its_figures_and_their_export_count_the_same_flagged_attempts()
    {
        var campaign = await api.PublishedCampaignAsync();
        var hasty = await api.KunmingWorkerAsync();
        await api.TakeAsync(hasty, campaign, correct: 10, seconds: 1);
        await api.TakeAsync(hasty, campaign, correct: 9, seconds: 2);
        var careful = await api.KunmingWorkerAsync();
        await api.TakeAsync(careful, campaign, correct: 7);
        var open = await api.KunmingWorkerAsync();
        await open.StartAsync(campaign);

        var officer = await api.OfficerAsync("km.quiz");
        var detail = await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}")).ReadJsonAsync(HttpStatusCode.OK);
        var list = await (await officer.GetAsync("/api/officer/quiz/campaigns?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        var listed = list["items"]!.AsArray().Single(c => (string)c!["id"]! == campaign.ToString())!;
        var figures = await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures")).ReadJsonAsync(HttpStatusCode.OK);
        var export = Encoding.UTF8.GetString((await (await officer.GetAsync($"/api/officer/quiz/campaigns/{campaign}/figures/export?table=prefectures"))
            .Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, (int)detail["flagged"]!);
        Assert.Equal(4, (int)detail["attempts"]!);
        Assert.Equal(2, (int)listed["flagged"]!);
        Assert.Equal(2, (int)figures["flagged"]!);
        Assert.Equal(3, (int)figures["submitted"]!);
        Assert.Equal(2, figures["byPrefecture"]!.AsArray().Sum(p => (int)p!["flagged"]!));
        Assert.Equal("州市代码,州市,参与人数,答题次数,异常答卷", export[0]);
        Assert.Equal(2, export.Skip(1).Sum(line => int.Parse(line.Split(',')[4])));
    }
}
