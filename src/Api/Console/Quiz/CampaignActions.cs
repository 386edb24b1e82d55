using System.Globalization;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Shared;
using Changai.Api.Quiz;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Changai.Domain.Quiz;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Changai.Api.OfficerConsole.Quiz;

/// <summary>
/// A campaign's life in the console: the draft form (<see cref="SaveCampaign"/>, validated by its own validator),
/// publishing (<see cref="PublishCampaign"/>), the figures (<see cref="CampaignFigures"/>, charts and CSV) and the prize
/// draw (<see cref="DrawPrizes"/>, then the public record of <see cref="PublicDraw"/>). Scope and rules are the API's.
/// </summary>
public static class CampaignActions
{
    public static async Task<IResult> New(OfficerContext officer, AppDbContext db, OfficerScope scope, TimeProvider time, CancellationToken ct)
    {
        var start = ChinaTime.ToChina(time.GetUtcNow().UtcDateTime).Date.AddDays(1).AddHours(8);
        var values = new Dictionary<string, string?>
        {
            ["startsAt"] = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["endsAt"] = start.AddDays(7).AddHours(12).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["questionsPerAttempt"] = "10", ["timeLimitSeconds"] = "600", ["attemptsPerDay"] = "3", ["attemptsTotal"] = "30",
            ["scoring"] = nameof(ScoringRule.Best), ["prizeKind"] = nameof(PrizeKind.None), ["prizeCount"] = "0",
        };
        return await FormAsync(null, values, null, officer, db, scope, ct);
    }

    public static async Task<IResult> Edit(
        Guid id, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var c = await OfficerCampaigns.GetAsync(id, officer, db, protector, time, ct);
        if (c.Status != CampaignStatus.Draft)
        {
            throw DomainException.Conflict("quiz.campaign.published", "已发布的竞答不能再修改");
        }

        var values = new Dictionary<string, string?>
        {
            ["version"] = I(c.Version), ["title"] = c.Title, ["description"] = c.Description,
            ["startsAt"] = ConsoleForms.TimeInput(c.StartsAt), ["endsAt"] = ConsoleForms.TimeInput(c.EndsAt),
            ["audienceUnionId"] = c.AudienceUnionId?.ToString(), ["audienceRegions"] = string.Join(",", c.AudienceRegions),
            ["questionsPerAttempt"] = I(c.QuestionsPerAttempt), ["timeLimitSeconds"] = I(c.TimeLimitSeconds), ["attemptsPerDay"] = I(c.AttemptsPerDay),
            ["attemptsTotal"] = I(c.AttemptsTotal), ["scoring"] = c.Scoring.ToString(), ["prizeKind"] = c.PrizeKind.ToString(),
            ["prizeCount"] = I(c.PrizeCount), ["prizeName"] = c.PrizeName,
        };
        foreach (var (chapter, quota) in c.ChapterQuotas)
        {
            values["quota:" + chapter] = I(quota);
        }

        return await FormAsync(id, values, null, officer, db, scope, ct);
    }

    public static Task<IResult> Create(
        HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        SaveAsync(null, http, officer, db, scope, protector, time, ct);

    public static Task<IResult> Update(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        SaveAsync(id, http, officer, db, scope, protector, time, ct);

    private static async Task<IResult> SaveAsync(
        Guid? id, HttpContext http, OfficerContext officer, AppDbContext db, OfficerScope scope, FieldProtector protector, TimeProvider time, CancellationToken ct)
    {
        var (request, values, errors) = Read(await ConsolePages.FormAsync(http));
        return await FormAction.RunAsync(http, request,
            async request =>
            {
                if (id is { } existing)
                {
                    await SaveCampaign.UpdateAsync(existing, request, officer, db, scope, protector, time, ct);
                    return ConsolePages.SeeOther($"/quiz/campaigns/{existing}?done=updated");
                }

                var created = await SaveCampaign.CreateAsync(request, officer, db, scope, protector, time, ct);
                return ConsolePages.SeeOther($"/quiz/campaigns/{created.Id}?done=created");
            },
            (errors, status) => FormAsync(id, values, errors, officer, db, scope, ct, status),
            errors,
            e => e.Code != "quiz.campaign.audience_out_of_scope" ? null : e.Message.StartsWith("地区", StringComparison.Ordinal) ? "audienceRegions" : "audienceUnionId");
    }

    /// <summary>The posted form as the API's request, the values to show again, and what could not even be read.</summary>
    private static (SaveCampaign.Request Request, Dictionary<string, string?> Values, FormErrors Errors) Read(IFormCollection form)
    {
        var errors = new FormErrors();
        var values = form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => form.Text(k));
        values["audienceRegions"] = string.Join(",", form.Codes("audienceRegions"));
        var quotas = new Dictionary<string, int>();
        for (var i = 0; form.Text($"chapter-{i}") is { } chapter; i++)
        {
            values["quota:" + chapter] = form.Text($"quota-{i}");
            if (form.Number($"quota-{i}", errors, $"“{chapter}”的题数", 0) is var quota and > 0)
            {
                quotas[chapter] = quota;
            }
        }

        var request = new SaveCampaign.Request(
            form.Text("title"), form.Text("description"),
            form.Time("startsAt", errors, "开始时间") ?? default, form.Time("endsAt", errors, "结束时间") ?? default,
            form.Id("audienceUnionId"), form.Codes("audienceRegions"),
            form.Number("questionsPerAttempt", errors, "每次题数", 10), form.Number("timeLimitSeconds", errors, "答题时限", 600),
            form.Number("attemptsPerDay", errors, "每日次数", 3), form.Number("attemptsTotal", errors, "总次数", 30),
            form.Choice("scoring", errors, "计分方式", ScoringRule.Best), quotas.Count == 0 ? null : quotas,
            form.Choice("prizeKind", errors, "奖励方式", PrizeKind.None), form.Number("prizeCount", errors, "获奖名额", 0), form.Text("prizeName"),
            form.Text("version") is { } v && int.TryParse(v, CultureInfo.InvariantCulture, out var version) ? version : null);
        return (request, values, errors);
    }

    private static async Task<IResult> FormAsync(
        Guid? id, IReadOnlyDictionary<string, string?> values, FormErrors? errors, OfficerContext officer, AppDbContext db, OfficerScope scope, CancellationToken ct,
        int status = StatusCodes.Status200OK)
    {
        var own = await db.Unions.AsNoTracking().Where(u => u.Id == officer.UnionId).Select(u => new { u.Name, u.Depth }).SingleAsync(ct);
        // The officer's union and two levels below: the audiences a campaign is realistically aimed at, in tree order.
        var unions = await scope.UnionsWithin(officer).AsNoTracking().Where(u => u.Depth <= own.Depth + 2 && u.ClosedAt == null).OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.Name, u.Depth }).Take(500).ToListAsync(ct);
        var chapters = await QuizScope.PoolQuestions(db, officer.UnionPath).Where(q => q.Chapter != "").GroupBy(q => q.Chapter)
            .Select(g => new { Name = g.Key, Count = g.Count() }).ToListAsync(ct);
        return ConsolePages.Render(new CampaignFormPage.Data
        {
            CampaignId = id, Values = values, Errors = errors, OrganizerName = own.Name,
            Unions = (IReadOnlyList<CampaignFormPage.UnionOption>)[.. unions.Select(u => new CampaignFormPage.UnionOption(u.Id, u.Name, u.Depth - own.Depth))],
            Chapters = (IReadOnlyList<CampaignFormPage.ChapterOption>)[.. chapters.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new CampaignFormPage.ChapterOption(c.Name, c.Count))],
        }, status);
    }

    public static Task<IResult> Publish(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, QuizCache cache, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        FormAction.RunAsync(http,
            async () =>
            {
                await PublishCampaign.PublishAsync(id, officer, db, cache, protector, time, ct);
                return ConsolePages.SeeOther($"/quiz/campaigns/{id}?done=published");
            },
            (errors, status) => PageWithErrorAsync(id, "未能发布：" + errors.First, status, officer, db, protector, time, ct));

    public static async Task<IResult> Figures(Guid id, OfficerContext officer, AppDbContext db, CancellationToken ct) =>
        ConsolePages.Render(new FiguresPage.Data { Figures = await CampaignFigures.GetAsync(id, officer, db, ct) });

    public static async Task<IResult> ExportFigures(
        Guid id, OfficerContext officer, AppDbContext db, IValidator<CampaignFigures.ExportQuery> validator, CancellationToken ct, string? table)
    {
        var query = new CampaignFigures.ExportQuery(table ?? "unions");
        if ((await validator.ValidateAsync(query, ct)) is { IsValid: false } invalid)
        {
            return ConsolePages.Error(StatusCodes.Status400BadRequest, "无法导出", invalid.Errors[0].ErrorMessage);
        }

        return await CampaignFigures.ExportAsync(id, query, officer, db, ct);
    }

    public static Task<IResult> Draw(
        Guid id, HttpContext http, OfficerContext officer, AppDbContext db, PrizeDrawer drawer, FieldProtector protector, IOptions<QuizOptions> options,
        TimeProvider time, CancellationToken ct) =>
        FormAction.RunAsync(http,
            async () =>
            {
                await DrawPrizes.DrawAsync(id, officer, db, drawer, protector, options, time, ct);
                return ConsolePages.SeeOther($"/quiz/campaigns/{id}/draw?done=drawn");
            },
            (errors, status) => PageWithErrorAsync(id, "未能开奖：" + errors.First, status, officer, db, protector, time, ct));

    public static async Task<IResult> DrawRecord(
        Guid id, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct, string? done)
    {
        var campaign = await QuizScope.CampaignInScopeAsync(db, officer, id, ct, track: false);
        var record = await PublicDraw.GetAsync(campaign.Id, db, protector, time, ct);
        var flagged = await AttemptTally.OfAsync(db.QuizAttempts.AsNoTracking().Where(a => a.CampaignId == campaign.Id), ct);
        return ConsolePages.Render(new DrawPage.Data
        {
            Draw = record, Flagged = flagged.Flagged, Done = done == "drawn" ? $"已开奖：共 {record.Winners.Count} 名获奖者，已通知中奖职工。" : null,
        });
    }

    private static async Task<IResult> PageWithErrorAsync(
        Guid id, string message, int status, OfficerContext officer, AppDbContext db, FieldProtector protector, TimeProvider time, CancellationToken ct) =>
        ConsolePages.Render(new CampaignPage.Data { Campaign = await OfficerCampaigns.GetAsync(id, officer, db, protector, time, ct), Error = message }, status);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
