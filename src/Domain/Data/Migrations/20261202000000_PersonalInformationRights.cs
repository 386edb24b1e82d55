using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>
/// Account cancellation (the worker's cancellation time, why a membership ended) and the per-person yearly claim row
/// that submissions under a yearly cap lock, so two at once cannot both pass the cap.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000000_PersonalInformationRights")]
public sealed class PersonalInformationRights : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AddColumn<DateTime>("CancelledAt", "Workers", nullable: true);
        b.AddColumn<string>("EndReason", "Members", nullable: true);

        b.CreateTable("SubsidyYearlyClaims", t => new
        {
            WorkerId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            Year = t.Column<int>(nullable: false),
            ClaimedFen = t.Column<long>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyYearlyClaims", x => new { x.WorkerId, x.Kind, x.Year });
            t.ForeignKey("FK_SubsidyYearlyClaims_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropTable("SubsidyYearlyClaims");
        b.DropColumn("EndReason", "Members");
        b.DropColumn("CancelledAt", "Workers");
    }
}
