using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExistingMembersAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "WorkerId",
                table: "Members",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "Members",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalNumber",
                table: "Members",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdNumberCipher",
                table: "Members",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ImportId",
                table: "Members",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneCipher",
                table: "Members",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredName",
                table: "Members",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Members",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Data the scaffold cannot express: every member before this migration joined through an application.
            migrationBuilder.Sql("UPDATE \"Members\" SET \"Source\" = 'Application' WHERE \"Source\" = ''");

            migrationBuilder.CreateTable(
                name: "MembershipClaims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimantName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdNumberCipher = table.Column<string>(type: "text", nullable: false),
                    IdNumberHash = table.Column<string>(type: "text", nullable: false),
                    PhoneCipher = table.Column<string>(type: "text", nullable: false),
                    PhoneHash = table.Column<string>(type: "text", nullable: false),
                    CandidateMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvesAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedByOfficerId = table.Column<Guid>(type: "uuid", nullable: true),
                    OfficerReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "IX_Members_ImportId",
                table: "Members");

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
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
