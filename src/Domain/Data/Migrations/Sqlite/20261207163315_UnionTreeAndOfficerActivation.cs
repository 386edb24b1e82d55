using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnionTreeAndOfficerActivation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
