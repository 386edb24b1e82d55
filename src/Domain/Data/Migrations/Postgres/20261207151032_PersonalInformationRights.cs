using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonalInformationRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CancelledAt",
                table: "Workers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndReason",
                table: "Members",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SubsidyYearlyClaims",
                columns: table => new
                {
                    WorkerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    ClaimedFen = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyYearlyClaims", x => new { x.WorkerId, x.Kind, x.Year });
                    table.ForeignKey(
                        name: "FK_SubsidyYearlyClaims_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubsidyYearlyClaims");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Workers");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "Members");
        }
    }
}
