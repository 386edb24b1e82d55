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
            Id = t.Column<Guid>(nullable: false),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));
    }

    protected override void Down(MigrationBuilder b) => b.DropTable("DataProtectionKeys");
}
