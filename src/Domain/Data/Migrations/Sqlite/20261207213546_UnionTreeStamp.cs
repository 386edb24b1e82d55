using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnionTreeStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UnionTreeStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnionTreeStamps", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "UnionTreeStamps",
                columns: new[] { "Id", "Stamp" },
                values: new object[] { 1, new Guid("00000000-0000-0000-0000-000000000000") });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UnionTreeStamps");
        }
    }
}
