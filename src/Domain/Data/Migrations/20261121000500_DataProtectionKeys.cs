using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>The data-protection key ring shared by all API instances (console session and anti-forgery cookies).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000500_DataProtectionKeys")]
public sealed class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("DataProtectionKeys", t => new
        {
            // The shape of Microsoft.AspNetCore.DataProtection.EntityFrameworkCore's DataProtectionKey: a generated int key.
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));
    }

    protected override void Down(MigrationBuilder b) => b.DropTable("DataProtectionKeys");
}
