using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>The quiz: versioned question bank, campaigns with their attempts and standings, prize winners, practice and the daily question.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000300_Quiz")]
public sealed class Quiz : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("QuizQuestions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            OwnerUnionId = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(nullable: false),
            CurrentVersionId = t.Column<Guid>(nullable: false),
            CurrentVersionNumber = t.Column<int>(nullable: false),
            Chapter = t.Column<string>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
            IsDemo = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizQuestions", x => x.Id);
            t.ForeignKey("FK_QuizQuestions_Unions_OwnerUnionId", x => x.OwnerUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizQuestions_OwnerUnionId_Code", "QuizQuestions", ["OwnerUnionId", "Code"], unique: true);
        b.CreateIndex("IX_QuizQuestions_IsArchived_SortOrder", "QuizQuestions", ["IsArchived", "SortOrder"]);

        b.CreateTable("QuizQuestionVersions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            QuestionId = t.Column<Guid>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            Stem = t.Column<string>(nullable: false),
            OptionsJson = t.Column<string>(nullable: false),
            AnswerIds = t.Column<string>(nullable: false),
            Explanation = t.Column<string>(nullable: false),
            Chapter = t.Column<string>(nullable: false),
            Tags = t.Column<string>(nullable: false),
            Difficulty = t.Column<int>(nullable: false),
            CreatedByOfficerId = t.Column<Guid>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizQuestionVersions", x => x.Id);
            t.ForeignKey("FK_QuizQuestionVersions_QuizQuestions_QuestionId", x => x.QuestionId, "QuizQuestions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizQuestionVersions_QuestionId_Number", "QuizQuestionVersions", ["QuestionId", "Number"], unique: true);

        b.CreateTable("QuizCampaigns", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(nullable: false),
            Description = t.Column<string>(nullable: true),
            OrganizerUnionId = t.Column<Guid>(nullable: false),
            AudienceUnionId = t.Column<Guid>(nullable: true),
            AudienceUnionPath = t.Column<string>(nullable: true),
            AudienceRegions = t.Column<string>(nullable: true),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            QuestionsPerAttempt = t.Column<int>(nullable: false),
            TimeLimitSeconds = t.Column<int>(nullable: false),
            AttemptsPerDay = t.Column<int>(nullable: false),
            AttemptsTotal = t.Column<int>(nullable: false),
            Scoring = t.Column<string>(nullable: false),
            ChapterQuotasJson = t.Column<string>(nullable: true),
            PrizeKind = t.Column<string>(nullable: false),
            PrizeCount = t.Column<int>(nullable: false),
            PrizeName = t.Column<string>(nullable: true),
            Status = t.Column<string>(nullable: false),
            SeedHash = t.Column<string>(nullable: true),
            SeedCipher = t.Column<string>(nullable: true),
            IsDemo = t.Column<bool>(nullable: false),
            CreatedByOfficerId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            PublishedAt = t.Column<DateTime>(nullable: true),
            OpeningNotifiedAt = t.Column<DateTime>(nullable: true),
            LastDayNotifiedAt = t.Column<DateTime>(nullable: true),
            DrawnAt = t.Column<DateTime>(nullable: true),
            DrawEligibleJson = t.Column<string>(nullable: true),
            DrawExcludedCount = t.Column<int>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizCampaigns", x => x.Id);
            t.ForeignKey("FK_QuizCampaigns_Unions_OrganizerUnionId", x => x.OrganizerUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizCampaigns_Unions_AudienceUnionId", x => x.AudienceUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizCampaigns_OrganizerUnionId", "QuizCampaigns", "OrganizerUnionId");
        b.CreateIndex("IX_QuizCampaigns_AudienceUnionId", "QuizCampaigns", "AudienceUnionId");
        b.CreateIndex("IX_QuizCampaigns_Status_EndsAt", "QuizCampaigns", ["Status", "EndsAt"]);

        b.CreateTable("QuizAttempts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CampaignId = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            UnionId = t.Column<Guid>(nullable: true),
            PrefectureCode = t.Column<string>(nullable: true),
            Sequence = t.Column<int>(nullable: false),
            ChinaDay = t.Column<DateOnly>(nullable: false),
            DaySequence = t.Column<int>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: false),
            Deadline = t.Column<DateTime>(nullable: false),
            Status = t.Column<string>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: true),
            CorrectCount = t.Column<int>(nullable: false),
            QuestionCount = t.Column<int>(nullable: false),
            Score = t.Column<int>(nullable: false),
            DurationMs = t.Column<int>(nullable: false),
            SubmissionHash = t.Column<string>(nullable: true),
            IsFlagged = t.Column<bool>(nullable: false),
            ClientIp = t.Column<string>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizAttempts", x => x.Id);
            t.ForeignKey("FK_QuizAttempts_QuizCampaigns_CampaignId", x => x.CampaignId, "QuizCampaigns", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizAttempts_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizAttempts_CampaignId_WorkerId_Sequence", "QuizAttempts", ["CampaignId", "WorkerId", "Sequence"], unique: true);
        b.CreateIndex("IX_QuizAttempts_CampaignId_WorkerId_ChinaDay_DaySequence", "QuizAttempts", ["CampaignId", "WorkerId", "ChinaDay", "DaySequence"], unique: true);
        b.CreateIndex("IX_QuizAttempts_WorkerId", "QuizAttempts", "WorkerId");

        b.CreateTable("QuizAttemptQuestions", t => new
        {
            AttemptId = t.Column<Guid>(nullable: false),
            Position = t.Column<int>(nullable: false),
            QuestionId = t.Column<Guid>(nullable: false),
            QuestionVersionId = t.Column<Guid>(nullable: false),
            OptionOrder = t.Column<string>(nullable: false),
            Chosen = t.Column<string>(nullable: true),
            IsCorrect = t.Column<bool>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizAttemptQuestions", x => new { x.AttemptId, x.Position });
            t.ForeignKey("FK_QuizAttemptQuestions_QuizAttempts_AttemptId", x => x.AttemptId, "QuizAttempts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizAttemptQuestions_QuizQuestionVersions_QuestionVersionId", x => x.QuestionVersionId, "QuizQuestionVersions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizAttemptQuestions_QuestionVersionId", "QuizAttemptQuestions", "QuestionVersionId");

        b.CreateTable("QuizCampaignEntries", t => new
        {
            CampaignId = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            AttemptId = t.Column<Guid>(nullable: false),
            UnionId = t.Column<Guid>(nullable: true),
            PrefectureCode = t.Column<string>(nullable: true),
            DisplayName = t.Column<string>(nullable: false),
            Score = t.Column<int>(nullable: false),
            CorrectCount = t.Column<int>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: false),
            DurationMs = t.Column<int>(nullable: false),
            RankKey = t.Column<long>(nullable: false),
            RankedAttempts = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizCampaignEntries", x => new { x.CampaignId, x.WorkerId });
            t.ForeignKey("FK_QuizCampaignEntries_QuizCampaigns_CampaignId", x => x.CampaignId, "QuizCampaigns", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizCampaignEntries_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizCampaignEntries_CampaignId_RankKey_WorkerId", "QuizCampaignEntries", ["CampaignId", "RankKey", "WorkerId"]);
        b.CreateIndex("IX_QuizCampaignEntries_CampaignId_UpdatedAt", "QuizCampaignEntries", ["CampaignId", "UpdatedAt"]);
        b.CreateIndex("IX_QuizCampaignEntries_WorkerId", "QuizCampaignEntries", "WorkerId");

        b.CreateTable("QuizPrizeWinners", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CampaignId = t.Column<Guid>(nullable: false),
            Rank = t.Column<int>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            AttemptId = t.Column<Guid>(nullable: false),
            DisplayName = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizPrizeWinners", x => x.Id);
            t.ForeignKey("FK_QuizPrizeWinners_QuizCampaigns_CampaignId", x => x.CampaignId, "QuizCampaigns", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizPrizeWinners_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizPrizeWinners_CampaignId_Rank", "QuizPrizeWinners", ["CampaignId", "Rank"], unique: true);
        b.CreateIndex("IX_QuizPrizeWinners_CampaignId_WorkerId", "QuizPrizeWinners", ["CampaignId", "WorkerId"], unique: true);
        b.CreateIndex("IX_QuizPrizeWinners_WorkerId", "QuizPrizeWinners", "WorkerId");

        b.CreateTable("QuizPracticeRecords", t => new
        {
            WorkerId = t.Column<Guid>(nullable: false),
            QuestionId = t.Column<Guid>(nullable: false),
            LastVersionId = t.Column<Guid>(nullable: false),
            LastChosen = t.Column<string>(nullable: false),
            LastCorrect = t.Column<bool>(nullable: false),
            Answered = t.Column<int>(nullable: false),
            Wrong = t.Column<int>(nullable: false),
            InWrongBook = t.Column<bool>(nullable: false),
            FirstAnsweredAt = t.Column<DateTime>(nullable: false),
            LastAnsweredAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizPracticeRecords", x => new { x.WorkerId, x.QuestionId });
            t.ForeignKey("FK_QuizPracticeRecords_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizPracticeRecords_QuizQuestions_QuestionId", x => x.QuestionId, "QuizQuestions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizPracticeRecords_WorkerId_InWrongBook_LastAnsweredAt", "QuizPracticeRecords", ["WorkerId", "InWrongBook", "LastAnsweredAt"]);
        b.CreateIndex("IX_QuizPracticeRecords_QuestionId", "QuizPracticeRecords", "QuestionId");

        b.CreateTable("QuizDailyQuestions", t => new
        {
            Day = t.Column<DateOnly>(nullable: false),
            QuestionId = t.Column<Guid>(nullable: false),
            QuestionVersionId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizDailyQuestions", x => x.Day);
            t.ForeignKey("FK_QuizDailyQuestions_QuizQuestions_QuestionId", x => x.QuestionId, "QuizQuestions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizDailyQuestions_QuizQuestionVersions_QuestionVersionId", x => x.QuestionVersionId, "QuizQuestionVersions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizDailyQuestions_QuestionId", "QuizDailyQuestions", "QuestionId");
        b.CreateIndex("IX_QuizDailyQuestions_QuestionVersionId", "QuizDailyQuestions", "QuestionVersionId");

        b.CreateTable("QuizDailyAnswers", t => new
        {
            WorkerId = t.Column<Guid>(nullable: false),
            Day = t.Column<DateOnly>(nullable: false),
            QuestionVersionId = t.Column<Guid>(nullable: false),
            Chosen = t.Column<string>(nullable: false),
            IsCorrect = t.Column<bool>(nullable: false),
            AnsweredAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizDailyAnswers", x => new { x.WorkerId, x.Day });
            t.ForeignKey("FK_QuizDailyAnswers_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_QuizDailyAnswers_QuizQuestionVersions_QuestionVersionId", x => x.QuestionVersionId, "QuizQuestionVersions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_QuizDailyAnswers_Day", "QuizDailyAnswers", "Day");
        b.CreateIndex("IX_QuizDailyAnswers_QuestionVersionId", "QuizDailyAnswers", "QuestionVersionId");
    }

    protected override void Down(MigrationBuilder b)
    {
        foreach (var table in new[]
                 {
                     "QuizDailyAnswers", "QuizDailyQuestions", "QuizPracticeRecords", "QuizPrizeWinners", "QuizCampaignEntries",
                     "QuizAttemptQuestions", "QuizAttempts", "QuizCampaigns", "QuizQuestionVersions", "QuizQuestions",
                 })
        {
            b.DropTable(table);
        }
    }
}
