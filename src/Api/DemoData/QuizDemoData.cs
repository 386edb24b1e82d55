using System.Text;
using System.Text.Json;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.DemoData;

/// <summary>
/// Demo content for the quiz: 50 questions we wrote from the seed bulletins (QuizDemoBank.csv, in the import layout, each
/// explanation naming its source file), owned by the province union and marked as demo; and a published demo campaign of
/// the Kunming city union with a prize draw. A real deployment imports the official《产业工人队伍建设改革职工知识50问》.
/// </summary>
public sealed class QuizDemoData(AppDbContext db, IConfiguration configuration, TimeProvider time)
{
    public const string BankResource = "Changai.Api.DemoData.QuizDemoBank.csv";
    public const string CampaignTitle = "【演示】产改知识 50 问有奖竞答";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.QuizQuestions.AnyAsync(q => q.IsDemo, ct))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var province = await db.Unions.SingleAsync(u => u.ParentId == null, ct);
        var (questions, errors) = QuestionSheet.Parse(Csv.Read(ReadBank()));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Demo question bank is broken: " + string.Join("; ", errors));
        }

        foreach (var (row, i) in questions.Select((q, i) => (q, i)))
        {
            var question = new QuizQuestion
            {
                Id = Guid.CreateVersion7(), OwnerUnionId = province.Id, Code = row.Code!, Chapter = "", SortOrder = i + 1, IsDemo = true, CreatedAt = now, UpdatedAt = now,
            };
            db.QuizQuestions.Add(question);
            db.QuizQuestionVersions.Add(question.AddVersion(row.Content, null, now));
        }

        var kunming = await db.Unions.SingleAsync(u => u.Code == "5301", ct);
        var organizer = await db.Officers.Where(o => o.Username == "km.quiz").Select(o => o.Id).SingleAsync(ct);
        var protector = new FieldProtector(configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>() ?? new PersonalDataOptions());
        var seed = PrizeDraw.NewSeed();
        var campaign = new QuizCampaign
        {
            Id = Guid.CreateVersion7(), Title = CampaignTitle, OrganizerUnionId = kunming.Id, CreatedByOfficerId = organizer, CreatedAt = now, IsDemo = true,
            Description = "演示数据：题目由开发团队根据云南省产改简报编写，并非官方《产业工人队伍建设改革职工知识50问》读本；正式使用请导入官方题库。"
                + "每次 10 题、限时 10 分钟，每天 3 次；满分答卷中公开抽取 10 名获得纪念品。",
            AudienceUnionId = kunming.Id, AudienceUnionPath = kunming.Path, AudienceRegions = "5301",
            StartsAt = now.AddHours(-1), EndsAt = now.AddDays(30), QuestionsPerAttempt = 10, TimeLimitSeconds = 600, AttemptsPerDay = 3, AttemptsTotal = 30,
            Scoring = ScoringRule.Best, ChapterQuotasJson = JsonSerializer.Serialize(new Dictionary<string, int> { ["改革方向与政策"] = 2, ["技能形成与素质提升"] = 2 }),
            PrizeKind = PrizeKind.DrawAmongPerfect, PrizeCount = 10, PrizeName = "工会定制纪念品", Status = CampaignStatus.Draft,
        };
        campaign.Publish(PrizeDraw.HashOf(seed), protector.Protect(seed), now);
        db.QuizCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
    }

    public static string ReadBank()
    {
        using var stream = typeof(QuizDemoData).Assembly.GetManifestResourceStream(BankResource)
            ?? throw new InvalidOperationException("missing embedded resource " + BankResource);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
