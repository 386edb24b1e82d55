using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Quiz;

/// <summary>The question bank: versions, scope, import with a row report, export, and the demo bank.</summary>
public sealed class QuestionBankTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Header = "编号,题型,题干,选项A,选项B,选项C,选项D,答案,解析,章节,标签,难度";

    private static object Question(string stem, string answer = "B", string chapter = "本市专题") => new
    {
        kind = "single", stem, options = new[] { "昆明市总工会", "省总工会", "全国总工会" }, answers = new[] { answer }, explanation = "依据 001 号简报", chapter,
        tags = new[] { "昆明" }, difficulty = 2,
    };

    private static ByteArrayContent File(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent CsvFile(params string[] lines) => File(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "text/csv");

    [Fact]
    public async Task Editing_makes_a_new_version_and_an_attempt_keeps_the_version_it_showed()
    {
        var officer = await api.OfficerAsync("km.quiz");
        var chapter = "专题" + Guid.NewGuid().ToString("N")[..6];
        var created = await (await officer.PostAsJsonAsync("/api/officer/quiz/questions", Question("谁牵头昆明市产改领导小组？", "A", chapter))).ReadJsonAsync(HttpStatusCode.Created);
        var questionId = (string)created["id"]!;
        Assert.Equal(1, (int)created["versionNumber"]!);
        Assert.True((bool)created["editable"]!);

        var campaign = await api.PublishedCampaignAsync(c =>
        {
            c["questionsPerAttempt"] = 1;
            c["chapterQuotas"] = new System.Text.Json.Nodes.JsonObject { [chapter] = 1 };
        });
        var worker = await api.KunmingWorkerAsync();
        var attempt = await worker.StartAsync(campaign);
        var attemptId = Guid.Parse((string)attempt["id"]!);
        Assert.Equal("谁牵头昆明市产改领导小组？", (string)attempt["questions"]![0]!["stem"]!);
        var oldAnswers = await api.AnswersAsync(attemptId, 1);

        var edited = await (await officer.PutAsJsonAsync($"/api/officer/quiz/questions/{questionId}", Question("昆明市产改领导小组由谁牵头？", "B", chapter)))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)edited["versionNumber"]!);
        Assert.Equal(2, edited["versions"]!.AsArray().Count);
        var stale = await officer.PutAsJsonAsync($"/api/officer/quiz/questions/{questionId}", new { kind = "single", stem = "再改", options = new[] { "甲", "乙" },
            answers = new[] { "A" }, chapter, version = (int)created["version"]! });
        await stale.ProblemAsync(HttpStatusCode.Conflict, "quiz.question.changed");

        // Judged by version 1, which is what the worker saw.
        await api.SetStartAsync(attemptId, 30);
        var result = await worker.SubmitAsync(attemptId, oldAnswers);
        Assert.Equal(100, (int)result["result"]!["score"]!);
        Assert.Equal("谁牵头昆明市产改领导小组？", (string)result["result"]!["questions"]![0]!["stem"]!);

        var next = await worker.StartAsync(campaign);
        Assert.Equal("昆明市产改领导小组由谁牵头？", (string)next["questions"]![0]!["stem"]!);
    }

    [Fact]
    public async Task An_officer_edits_only_the_questions_of_their_subtree_and_reads_those_above()
    {
        var kmQuiz = await api.OfficerAsync("km.quiz");
        var demoId = await api.WithDbAsync(db => db.QuizQuestions.Where(q => q.Code == "YN-001").Select(q => q.Id).SingleAsync());

        var demo = await (await kmQuiz.GetAsync($"/api/officer/quiz/questions/{demoId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False((bool)demo["editable"]!);
        Assert.True((bool)demo["isDemo"]!);
        await (await kmQuiz.PutAsJsonAsync($"/api/officer/quiz/questions/{demoId}", Question("改省里的题"))).ProblemAsync(HttpStatusCode.NotFound, "quiz.question_not_found");
        await (await kmQuiz.PostAsync($"/api/officer/quiz/questions/{demoId}/archive", null)).ProblemAsync(HttpStatusCode.NotFound, "quiz.question_not_found");

        var own = await (await kmQuiz.PostAsJsonAsync("/api/officer/quiz/questions", Question("昆明自己的题"))).ReadJsonAsync(HttpStatusCode.Created);
        var qujing = await api.OfficerAsync("qj.shi");
        await (await qujing.GetAsync($"/api/officer/quiz/questions/{own["id"]}")).ProblemAsync(HttpStatusCode.NotFound, "quiz.question_not_found");
        var province = await api.OfficerAsync("yn.sheng");
        var seenByProvince = await (await province.GetAsync($"/api/officer/quiz/questions/{own["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)seenByProvince["editable"]!);

        var invalid = await kmQuiz.PostAsJsonAsync("/api/officer/quiz/questions", new { kind = "single", stem = "没有答案", options = new[] { "甲", "乙" }, chapter = "章" });
        var problem = await invalid.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("缺少正确答案", problem["errors"]!["question"]!.AsArray().Select(e => (string)e!));
    }

    [Fact]
    public async Task A_csv_import_dry_run_reports_each_broken_row_and_saves_nothing()
    {
        var officer = await api.OfficerAsync("km.quiz");
        var before = await api.WithDbAsync(db => db.QuizQuestions.CountAsync());
        var file = new[]
        {
            Header,
            "KM-T1,单选,昆明“两新”组织入会率？,64.5%,60.32%,,,A,依据 001,队伍壮大,昆明,1",
            "KM-T2,单选,没有答案的题,甲,乙,,,,,队伍壮大,,",
            "KM-T3,判断,昆明签订首份环卫集体合同。,,,,,对,,权益,,",
        };

        var report = await (await officer.PostAsync("/api/officer/quiz/questions/import?dryRun=true", CsvFile(file))).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True((bool)report["dryRun"]!);
        Assert.Equal("csv", (string)report["format"]!);
        Assert.Equal(["第 3 行: 缺少正确答案"], report["errors"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(2, (int)report["created"]!);
        Assert.Equal(before, await api.WithDbAsync(db => db.QuizQuestions.CountAsync()));

        var refused = await officer.PostAsync("/api/officer/quiz/questions/import", CsvFile(file));
        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "quiz.import.invalid");
        Assert.Equal("第 3 行: 缺少正确答案", (string)problem["errors"]!["rows"]![0]!);
        Assert.Equal(before, await api.WithDbAsync(db => db.QuizQuestions.CountAsync()));
    }

    [Fact]
    public async Task Importing_adds_new_questions_updates_changed_ones_as_new_versions_and_leaves_the_rest()
    {
        var officer = await api.OfficerAsync("km.quiz");
        var code = "KM-I" + Guid.NewGuid().ToString("N")[..4];
        string Row(string stem, string answer) => $"{code},单选,{stem},甲,乙,丙,,{answer},依据 001,导入章节,,2";

        var first = await (await officer.PostAsync("/api/officer/quiz/questions/import", CsvFile(Header, Row("第一版题干", "A"), ",多选,新题,甲,乙,丙,,\"A,C\",,导入章节,,")))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)first["created"]!);
        var again = await (await officer.PostAsync("/api/officer/quiz/questions/import", CsvFile(Header, Row("第一版题干", "A")))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)again["unchanged"]!);
        var changed = await (await officer.PostAsync("/api/officer/quiz/questions/import", CsvFile(Header, Row("第二版题干", "B")))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)changed["updated"]!);

        var versions = await api.WithDbAsync(db => db.QuizQuestions.Where(q => q.Code == code)
            .Join(db.QuizQuestionVersions, q => q.Id, v => v.QuestionId, (q, v) => new { v.Number, v.Stem, v.AnswerIds }).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal(["第一版题干", "第二版题干"], versions.Select(v => v.Stem));
        Assert.Equal("B", versions[1].AnswerIds);
    }

    [Fact]
    public async Task A_gb18030_csv_as_excel_saves_it_in_china_is_read()
    {
        var officer = await api.OfficerAsync("km.quiz");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(string.Join("\r\n", Header, ",判断,澄江希尔顿酒店有12名岗位能手走上管理岗位。,,,,,正确,,权益,,"));

        var report = await (await officer.PostAsync("/api/officer/quiz/questions/import?dryRun=true", File(bytes, "text/csv"))).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Empty(report["errors"]!.AsArray());
        Assert.Equal(1, (int)report["created"]!);
    }

    [Fact]
    public async Task The_bank_exports_as_csv_with_a_bom_and_as_xlsx_that_imports_back_unchanged()
    {
        var officer = await api.OfficerAsync("km.quiz");

        var csv = await officer.GetAsync("/api/officer/quiz/questions/export?format=csv");
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], csvBytes[..3]);
        var text = Encoding.UTF8.GetString(csvBytes[3..]);
        Assert.StartsWith("编号,题型,题干,选项A", text);
        Assert.Contains("YN-050", text);

        var xlsx = await officer.GetAsync("/api/officer/quiz/questions/export?format=xlsx");
        Assert.Equal(Xlsx.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        var workbook = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.True(Xlsx.LooksLikeXlsx(workbook));

        // The demo questions belong to the province: imported into Kunming's bank they would be new, so the province imports its own export.
        var province = await api.OfficerAsync("yn.sheng");
        var provinceExport = await (await province.GetAsync("/api/officer/quiz/questions/export?format=xlsx")).Content.ReadAsByteArrayAsync();
        var report = await (await province.PostAsync("/api/officer/quiz/questions/import?dryRun=true", File(provinceExport, Xlsx.ContentType))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("xlsx", (string)report["format"]!);
        Assert.Empty(report["errors"]!.AsArray());
        Assert.Equal(0, (int)report["created"]! + (int)report["updated"]!);
        Assert.True((int)report["unchanged"]! >= 50);
    }

    [Fact]
    public async Task Files_that_are_not_question_sheets_get_a_chinese_problem()
    {
        var officer = await api.OfficerAsync("km.quiz");

        await (await officer.PostAsync("/api/officer/quiz/questions/import", File([], "text/csv"))).ProblemAsync(HttpStatusCode.BadRequest, "quiz.import.empty");
        await (await officer.PostAsync("/api/officer/quiz/questions/import", File([.. "PK\u0003\u0004broken"u8], Xlsx.ContentType)))
            .ProblemAsync(HttpStatusCode.BadRequest, "quiz.import.unreadable");
        var report = await (await officer.PostAsync("/api/officer/quiz/questions/import?dryRun=true", CsvFile("随便,什么", "1,2"))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("表头缺少", (string)report["errors"]![0]!);
    }

    [Fact]
    public async Task The_demo_bank_has_50_questions_each_explained_from_a_named_seed_file()
    {
        string[] seeds = ["000_6b539ef9944ca4ae.txt", "001_4198c2d7a790c808.txt", "002_1dcec5273f051792.txt", "003_e4d453705fa9312d.txt", "004_2f5b44ff293f560c.txt"];
        var demo = await api.WithDbAsync(db => db.QuizQuestions.Where(q => q.IsDemo)
            .Join(db.QuizQuestionVersions, q => q.CurrentVersionId, v => v.Id, (q, v) => new { q.Code, v.Kind, v.Explanation, v.Tags, v.AnswerIds }).ToListAsync());

        Assert.Equal(50, demo.Count);
        Assert.All(demo, q => Assert.Contains(seeds, s => q.Explanation.Contains(s, StringComparison.Ordinal)));
        Assert.All(demo, q => Assert.StartsWith("【演示题】", q.Explanation));
        Assert.All(demo, q => Assert.Contains("演示题", q.Tags));
        Assert.True(demo.Select(q => q.Kind).Distinct().Count() == 3);
        Assert.True(demo.Select(q => q.AnswerIds).Distinct().Count() > 5); // the right answer is not always A
        Assert.Equal(5, demo.Select(q => seeds.First(s => q.Explanation.Contains(s, StringComparison.Ordinal))).Distinct().Count());

        var campaign = await api.WithDbAsync(db => db.QuizCampaigns.SingleAsync(c => c.IsDemo));
        Assert.Equal(Changai.Api.DemoData.QuizDemoData.CampaignTitle, campaign.Title);
        Assert.Equal(CampaignStatus.Published, campaign.Status);
        var worker = await api.KunmingWorkerAsync();
        var attempt = await worker.StartAsync(campaign.Id);
        Assert.Equal(10, attempt["questions"]!.AsArray().Count);
    }
}
