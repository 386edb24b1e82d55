using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>Training courses, their sessions (with the seat ledger counters) and enrolments.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000200_Training")]
public sealed class Training : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("TrainingCourses", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(nullable: false),
            Category = t.Column<string>(nullable: false),
            Occupation = t.Column<string>(nullable: true),
            Provider = t.Column<string>(nullable: false),
            OrganizerUnionId = t.Column<Guid>(nullable: false),
            RegionCode = t.Column<string>(nullable: false),
            Description = t.Column<string>(nullable: false),
            MembersOnly = t.Column<bool>(nullable: false),
            EligibleRegionCodes = t.Column<string>(nullable: true),
            EligibleEmploymentForms = t.Column<string>(nullable: true),
            Status = t.Column<string>(nullable: false),
            CreatedByOfficerId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            PublishedAt = t.Column<DateTime>(nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingCourses", x => x.Id);
            t.ForeignKey("FK_TrainingCourses_Unions_OrganizerUnionId", x => x.OrganizerUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_TrainingCourses_Status_RegionCode", "TrainingCourses", ["Status", "RegionCode"]);
        b.CreateIndex("IX_TrainingCourses_OrganizerUnionId", "TrainingCourses", "OrganizerUnionId");

        b.CreateTable("TrainingSessions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CourseId = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            Address = t.Column<string>(nullable: true),
            Latitude = t.Column<double>(nullable: true),
            Longitude = t.Column<double>(nullable: true),
            OnlineUrl = t.Column<string>(nullable: true),
            Capacity = t.Column<int>(nullable: false),
            EnrollmentOpensAt = t.Column<DateTime>(nullable: false),
            EnrollmentClosesAt = t.Column<DateTime>(nullable: false),
            CancellationDeadline = t.Column<DateTime>(nullable: false),
            CheckInOpensAt = t.Column<DateTime>(nullable: false),
            CheckInClosesAt = t.Column<DateTime>(nullable: false),
            Status = t.Column<string>(nullable: false),
            CancelledAt = t.Column<DateTime>(nullable: true),
            CancelReason = t.Column<string>(nullable: true),
            SeatsTaken = t.Column<int>(nullable: false),
            WaitlistIssued = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingSessions", x => x.Id);
            t.ForeignKey("FK_TrainingSessions_TrainingCourses_CourseId", x => x.CourseId, "TrainingCourses", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_TrainingSessions_CourseId_StartsAt", "TrainingSessions", ["CourseId", "StartsAt"]);
        b.CreateIndex("IX_TrainingSessions_Status_StartsAt", "TrainingSessions", ["Status", "StartsAt"]);

        b.CreateTable("TrainingEnrollments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            SessionId = t.Column<Guid>(nullable: false),
            CourseId = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            Status = t.Column<string>(nullable: false),
            WaitlistPosition = t.Column<int>(nullable: true),
            LowPriority = t.Column<bool>(nullable: false),
            OfferedAt = t.Column<DateTime>(nullable: true),
            OfferExpiresAt = t.Column<DateTime>(nullable: true),
            CheckedInAt = t.Column<DateTime>(nullable: true),
            CheckInMethod = t.Column<string>(nullable: true),
            CheckedInByOfficerId = t.Column<Guid>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            EndedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingEnrollments", x => x.Id);
            t.ForeignKey("FK_TrainingEnrollments_TrainingSessions_SessionId", x => x.SessionId, "TrainingSessions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TrainingEnrollments_TrainingCourses_CourseId", x => x.CourseId, "TrainingCourses", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TrainingEnrollments_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_TrainingEnrollments_SessionId_WorkerId_Active", "TrainingEnrollments", ["SessionId", "WorkerId"], unique: true,
            filter: Changai.Domain.Training.TrainingEnrollmentMapping.ActiveFilter);
        b.CreateIndex("IX_TrainingEnrollments_SessionId_WaitlistPosition", "TrainingEnrollments", ["SessionId", "WaitlistPosition"], unique: true);
        b.CreateIndex("IX_TrainingEnrollments_SessionId_Status", "TrainingEnrollments", ["SessionId", "Status"]);
        b.CreateIndex("IX_TrainingEnrollments_WorkerId_Status", "TrainingEnrollments", ["WorkerId", "Status"]);
        b.CreateIndex("IX_TrainingEnrollments_CourseId_WorkerId", "TrainingEnrollments", ["CourseId", "WorkerId"]);
        b.CreateIndex("IX_TrainingEnrollments_Status_OfferExpiresAt", "TrainingEnrollments", ["Status", "OfferExpiresAt"]);
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropTable("TrainingEnrollments");
        b.DropTable("TrainingSessions");
        b.DropTable("TrainingCourses");
    }
}
