using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>Subsidy programmes with county quotas, applications reviewed level by level, and their attachments.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000400_Subsidies")]
public sealed class Subsidies : Migration
{
    private const string ClaimingFilter = "\"Status\" IN ('UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')";
    private const string LiveFilter = "\"Status\" IN ('Draft', 'UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')";

    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("SubsidyPrograms", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            OwnerUnionId = t.Column<Guid>(nullable: false),
            Description = t.Column<string>(nullable: true),
            OpensOn = t.Column<DateOnly>(nullable: false),
            ClosesOn = t.Column<DateOnly>(nullable: false),
            BudgetFen = t.Column<long>(nullable: false),
            CommittedFen = t.Column<long>(nullable: false),
            Allocation = t.Column<string>(nullable: false),
            RulesJson = t.Column<string>(nullable: false),
            LotterySeedHash = t.Column<string>(nullable: true),
            LotterySeed = t.Column<string>(nullable: true),
            DrawnAt = t.Column<DateTime>(nullable: true),
            DrawResultJson = t.Column<string>(nullable: true),
            CreatedByOfficerId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyPrograms", x => x.Id);
            t.ForeignKey("FK_SubsidyPrograms_Unions_OwnerUnionId", x => x.OwnerUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_SubsidyPrograms_OwnerUnionId_ClosesOn", "SubsidyPrograms", ["OwnerUnionId", "ClosesOn"]);

        b.CreateTable("SubsidyQuotas", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            CountyCode = t.Column<string>(nullable: false),
            QuotaFen = t.Column<long>(nullable: false),
            CommittedFen = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyQuotas", x => x.Id);
            t.ForeignKey("FK_SubsidyQuotas_SubsidyPrograms_ProgramId", x => x.ProgramId, "SubsidyPrograms", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_SubsidyQuotas_ProgramId_CountyCode", "SubsidyQuotas", ["ProgramId", "CountyCode"], unique: true);

        b.CreateTable("SubsidyApplications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            UnionId = t.Column<Guid>(nullable: false),
            CountyCode = t.Column<string>(nullable: true),
            Status = t.Column<string>(nullable: false),
            ApplicantName = t.Column<string>(nullable: true),
            IdNumberCipher = t.Column<string>(nullable: true),
            PhoneCipher = t.Column<string>(nullable: true),
            WorkerCertificateId = t.Column<Guid>(nullable: true),
            CertificateNumber = t.Column<string>(nullable: true),
            CertificateKey = t.Column<string>(nullable: true),
            Occupation = t.Column<string>(nullable: true),
            CertificateLevel = t.Column<string>(nullable: true),
            CertificateIssuedOn = t.Column<DateOnly>(nullable: true),
            CertificateIssuer = t.Column<string>(nullable: true),
            DegreeLevel = t.Column<string>(nullable: true),
            School = t.Column<string>(nullable: true),
            TuitionFen = t.Column<long>(nullable: true),
            HardshipTier = t.Column<string>(nullable: true),
            Statement = t.Column<string>(nullable: true),
            AmountFen = t.Column<long>(nullable: true),
            BreakdownJson = t.Column<string>(nullable: true),
            LimitKey = t.Column<string>(nullable: true),
            ClaimYear = t.Column<int>(nullable: true),
            ReviewChainJson = t.Column<string>(nullable: true),
            CurrentStep = t.Column<int>(nullable: false),
            CurrentReviewUnionId = t.Column<Guid>(nullable: true),
            CurrentStepDueAt = t.Column<DateTime>(nullable: true),
            ReviewComment = t.Column<string>(nullable: true),
            CorrectionDueAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: true),
            FirstReviewedAt = t.Column<DateTime>(nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            FinalApprovedByOfficerId = t.Column<Guid>(nullable: true),
            PaidOn = t.Column<DateOnly>(nullable: true),
            TransferReference = t.Column<string>(nullable: true),
            PaidByOfficerId = t.Column<Guid>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyApplications", x => x.Id);
            t.ForeignKey("FK_SubsidyApplications_SubsidyPrograms_ProgramId", x => x.ProgramId, "SubsidyPrograms", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_SubsidyApplications_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_SubsidyApplications_Unions_UnionId", x => x.UnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_SubsidyApplications_CertificateKey_Claimed", "SubsidyApplications", "CertificateKey", unique: true, filter: ClaimingFilter);
        b.CreateIndex("IX_SubsidyApplications_WorkerId_LimitKey_Claimed", "SubsidyApplications", ["WorkerId", "LimitKey"], unique: true, filter: ClaimingFilter);
        b.CreateIndex("IX_SubsidyApplications_ProgramId_WorkerId_Live", "SubsidyApplications", ["ProgramId", "WorkerId"], unique: true, filter: LiveFilter);
        b.CreateIndex("IX_SubsidyApplications_CurrentReviewUnionId_CurrentStepDueAt", "SubsidyApplications", ["CurrentReviewUnionId", "CurrentStepDueAt"]);
        b.CreateIndex("IX_SubsidyApplications_UnionId_Status", "SubsidyApplications", ["UnionId", "Status"]);
        b.CreateIndex("IX_SubsidyApplications_ProgramId_Status", "SubsidyApplications", ["ProgramId", "Status"]);
        b.CreateIndex("IX_SubsidyApplications_WorkerId", "SubsidyApplications", "WorkerId");

        b.CreateTable("SubsidyAttachments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ApplicationId = t.Column<Guid>(nullable: false),
            DocumentCode = t.Column<string>(nullable: false),
            FileName = t.Column<string>(nullable: false),
            ContentType = t.Column<string>(nullable: false),
            SizeBytes = t.Column<long>(nullable: false),
            StorageKey = t.Column<string>(nullable: false),
            Sha256 = t.Column<string>(nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyAttachments", x => x.Id);
            t.ForeignKey("FK_SubsidyAttachments_SubsidyApplications_ApplicationId", x => x.ApplicationId, "SubsidyApplications", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_SubsidyAttachments_ApplicationId", "SubsidyAttachments", "ApplicationId");
        b.CreateIndex("IX_SubsidyAttachments_StorageKey", "SubsidyAttachments", "StorageKey", unique: true);
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropTable("SubsidyAttachments");
        b.DropTable("SubsidyApplications");
        b.DropTable("SubsidyQuotas");
        b.DropTable("SubsidyPrograms");
    }
}
