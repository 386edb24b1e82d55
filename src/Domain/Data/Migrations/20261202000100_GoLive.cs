using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>
/// Going live from an empty database: officers whose password someone else chose must change it first (existing accounts
/// are left as they are), and unions carry what an import sheet gives — the credit code they are matched on, the employer,
/// industry, founding date and the office's contact.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000100_GoLive")]
public sealed class GoLive : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AddColumn<bool>("MustChangePassword", "Officers", nullable: false, defaultValue: false);
        b.AddColumn<string>("CreditCode", "Unions", nullable: true);
        b.AddColumn<string>("OrganizationName", "Unions", nullable: true);
        b.AddColumn<string>("IndustrySection", "Unions", nullable: true);
        b.AddColumn<DateOnly>("FoundedOn", "Unions", nullable: true);
        b.AddColumn<string>("ContactName", "Unions", nullable: true);
        b.AddColumn<string>("ContactPhone", "Unions", nullable: true);
        b.CreateIndex("IX_Unions_CreditCode", "Unions", "CreditCode", unique: true);
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropIndex("IX_Unions_CreditCode", "Unions");
        foreach (var column in new[] { "CreditCode", "OrganizationName", "IndustrySection", "FoundedOn", "ContactName", "ContactPhone" })
        {
            b.DropColumn(column, "Unions");
        }

        b.DropColumn("MustChangePassword", "Officers");
    }
}
