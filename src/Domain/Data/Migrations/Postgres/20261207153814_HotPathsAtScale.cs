using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HotPathsAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_CurrentStepDueAt",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_UnionId_Status",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt",
                table: "MembershipApplications");

            migrationBuilder.AddColumn<string>(
                name: "Questions",
                table: "QuizAttempts",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            // Data: each attempt's question rows become its JSON array (property names as the complex type maps them).
            migrationBuilder.Sql("""
                UPDATE "QuizAttempts" a SET "Questions" = coalesce((
                    SELECT jsonb_agg(jsonb_build_object('Position', q."Position", 'QuestionId', q."QuestionId", 'QuestionVersionId', q."QuestionVersionId",
                        'OptionOrder', q."OptionOrder", 'Chosen', q."Chosen", 'IsCorrect', q."IsCorrect") ORDER BY q."Position")
                    FROM "QuizAttemptQuestions" q WHERE q."AttemptId" = a."Id"), '[]'::jsonb);
                """);

            migrationBuilder.DropTable(
                name: "QuizAttemptQuestions");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_Status_CurrentStep~",
                table: "SubsidyApplications",
                columns: new[] { "CurrentReviewUnionId", "Status", "CurrentStepDueAt", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_UnionId_Status_CurrentStepDueAt_Submitt~",
                table: "SubsidyApplications",
                columns: new[] { "UnionId", "Status", "CurrentStepDueAt", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_Status_SubmittedAt_Id_UnionId",
                table: "MembershipApplications",
                columns: new[] { "Status", "SubmittedAt", "Id", "UnionId" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt_Id",
                table: "MembershipApplications",
                columns: new[] { "UnionId", "Status", "SubmittedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_Status_CurrentStep~",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_UnionId_Status_CurrentStepDueAt_Submitt~",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_Status_SubmittedAt_Id_UnionId",
                table: "MembershipApplications");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt_Id",
                table: "MembershipApplications");

            migrationBuilder.DropColumn(
                name: "Questions",
                table: "QuizAttempts");

            migrationBuilder.CreateTable(
                name: "QuizAttemptQuestions",
                columns: table => new
                {
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Chosen = table.Column<string>(type: "text", nullable: true),
                    IsCorrect = table.Column<bool>(type: "boolean", nullable: true),
                    OptionOrder = table.Column<string>(type: "text", nullable: false),
                    QuestionId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuestionVersionId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizAttemptQuestions", x => new { x.AttemptId, x.Position });
                    table.ForeignKey(
                        name: "FK_QuizAttemptQuestions_QuizAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "QuizAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizAttemptQuestions_QuizQuestionVersions_QuestionVersionId",
                        column: x => x.QuestionVersionId,
                        principalTable: "QuizQuestionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_CurrentStepDueAt",
                table: "SubsidyApplications",
                columns: new[] { "CurrentReviewUnionId", "CurrentStepDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_UnionId_Status",
                table: "SubsidyApplications",
                columns: new[] { "UnionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt",
                table: "MembershipApplications",
                columns: new[] { "UnionId", "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttemptQuestions_QuestionVersionId",
                table: "QuizAttemptQuestions",
                column: "QuestionVersionId");
        }
    }
}
