using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GoLive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "Unions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Unions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditCode",
                table: "Unions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FoundedOn",
                table: "Unions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IndustrySection",
                table: "Unions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganizationName",
                table: "Unions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MustChangePassword",
                table: "Officers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Unions_CreditCode",
                table: "Unions",
                column: "CreditCode",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Unions_CreditCode",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "CreditCode",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "FoundedOn",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "IndustrySection",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "OrganizationName",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "MustChangePassword",
                table: "Officers");
        }
    }
}
