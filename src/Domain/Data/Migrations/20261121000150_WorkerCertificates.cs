using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>Certificates recorded for workers (training completions), shared by the training and subsidy features.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000150_WorkerCertificates")]
public sealed class WorkerCertificates : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("WorkerCertificates", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            Number = t.Column<string>(nullable: false),
            Occupation = t.Column<string>(nullable: false),
            Level = t.Column<string>(nullable: false),
            IssuedOn = t.Column<DateOnly>(nullable: false),
            Issuer = t.Column<string>(nullable: false),
            CourseId = t.Column<Guid>(nullable: true),
            RecordedByOfficerId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WorkerCertificates", x => x.Id);
            t.ForeignKey("FK_WorkerCertificates_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_WorkerCertificates_WorkerId_Number", "WorkerCertificates", ["WorkerId", "Number"], unique: true);
        b.CreateIndex("IX_WorkerCertificates_Number", "WorkerCertificates", "Number");
        b.CreateIndex("IX_WorkerCertificates_CourseId", "WorkerCertificates", "CourseId");
    }

    protected override void Down(MigrationBuilder b) => b.DropTable("WorkerCertificates");
}
