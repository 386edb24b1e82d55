using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TreeMembersAndHotPaths : Migration
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

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Unions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Closure",
                table: "Unions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergedIntoId",
                table: "Unions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Questions",
                table: "QuizAttempts",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            // Data: each attempt's question rows become its JSON array (property names as the complex type maps them).
            migrationBuilder.Sql("""
                UPDATE "QuizAttempts" SET "Questions" = coalesce((
                    SELECT json_group_array(json(x.item)) FROM (
                        SELECT json_object('Position', q."Position", 'QuestionId', lower(q."QuestionId"), 'QuestionVersionId', lower(q."QuestionVersionId"),
                            'OptionOrder', q."OptionOrder", 'Chosen', q."Chosen",
                            'IsCorrect', CASE WHEN q."IsCorrect" IS NULL THEN NULL WHEN q."IsCorrect" THEN json('true') ELSE json('false') END) AS item
                        FROM "QuizAttemptQuestions" q WHERE q."AttemptId" = "QuizAttempts"."Id" ORDER BY q."Position") x), '[]');
                """);

            migrationBuilder.DropTable(
                name: "QuizAttemptQuestions");

            migrationBuilder.AddColumn<string>(
                name: "ActivationCodeHash",
                table: "Officers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ActivationExpiresAt",
                table: "Officers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneCipher",
                table: "Officers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneHash",
                table: "Officers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "WorkerId",
                table: "Members",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalNumber",
                table: "Members",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdNumberCipher",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ImportId",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneCipher",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredName",
                table: "Members",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Members",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Data the scaffold cannot express: every member before this migration joined through an application.
            migrationBuilder.Sql("UPDATE \"Members\" SET \"Source\" = 'Application' WHERE \"Source\" = ''");

            migrationBuilder.CreateTable(
                name: "MembershipClaims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimantName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdNumberCipher = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberHash = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneHash = table.Column<string>(type: "TEXT", nullable: false),
                    CandidateMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvesAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OfficerReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MembershipClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MembershipClaims_Members_CandidateMemberId",
                        column: x => x.CandidateMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipClaims_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipClaims_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipClaims_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_Status_CurrentStepDueAt_SubmittedAt_Id",
                table: "SubsidyApplications",
                columns: new[] { "CurrentReviewUnionId", "Status", "CurrentStepDueAt", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_UnionId_Status_CurrentStepDueAt_SubmittedAt_Id",
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

            migrationBuilder.CreateIndex(
                name: "IX_Members_ImportId",
                table: "Members",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipClaims_CandidateMemberId",
                table: "MembershipClaims",
                column: "CandidateMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipClaims_MemberId",
                table: "MembershipClaims",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipClaims_Status_ResolvesAt",
                table: "MembershipClaims",
                columns: new[] { "Status", "ResolvesAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipClaims_UnionId_Status_SubmittedAt",
                table: "MembershipClaims",
                columns: new[] { "UnionId", "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipClaims_WorkerId_Open",
                table: "MembershipClaims",
                column: "WorkerId",
                unique: true,
                filter: "\"Status\" IN ('Pending', 'RefusedByOfficer')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MembershipClaims");

            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_Status_CurrentStepDueAt_SubmittedAt_Id",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_SubsidyApplications_UnionId_Status_CurrentStepDueAt_SubmittedAt_Id",
                table: "SubsidyApplications");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_Status_SubmittedAt_Id_UnionId",
                table: "MembershipApplications");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt_Id",
                table: "MembershipApplications");

            migrationBuilder.DropIndex(
                name: "IX_Members_ImportId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "Closure",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "Questions",
                table: "QuizAttempts");

            migrationBuilder.DropColumn(
                name: "ActivationCodeHash",
                table: "Officers");

            migrationBuilder.DropColumn(
                name: "ActivationExpiresAt",
                table: "Officers");

            migrationBuilder.DropColumn(
                name: "PhoneCipher",
                table: "Officers");

            migrationBuilder.DropColumn(
                name: "PhoneHash",
                table: "Officers");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "ExternalNumber",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "IdNumberCipher",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "PhoneCipher",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "RegisteredName",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Members");

            migrationBuilder.AlterColumn<Guid>(
                name: "WorkerId",
                table: "Members",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "QuizAttemptQuestions",
                columns: table => new
                {
                    AttemptId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Chosen = table.Column<string>(type: "TEXT", nullable: true),
                    IsCorrect = table.Column<bool>(type: "INTEGER", nullable: true),
                    OptionOrder = table.Column<string>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionVersionId = table.Column<Guid>(type: "TEXT", nullable: false)
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
