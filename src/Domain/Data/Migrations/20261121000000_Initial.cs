using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>
/// Written by hand (EF Core's design-time package is not served here). Column types are left to the provider, which maps
/// them from the CLR type, so the same migration builds the SQLite and the PostgreSQL schema. MigrationSchemaTests
/// proves the result equals the model on both.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("Unions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            ParentId = t.Column<Guid>(nullable: true),
            Path = t.Column<string>(nullable: false),
            Depth = t.Column<int>(nullable: false),
            RegionCode = t.Column<string>(nullable: false),
            PrefectureCode = t.Column<string>(nullable: false),
            AcceptsMembers = t.Column<bool>(nullable: false),
            Address = t.Column<string>(nullable: true),
            Description = t.Column<string>(nullable: true),
            NextMemberSequence = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Unions", x => x.Id);
            t.ForeignKey("FK_Unions_Unions_ParentId", x => x.ParentId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_Unions_Code", "Unions", "Code", unique: true);
        b.CreateIndex("IX_Unions_ParentId", "Unions", "ParentId");
        b.CreateIndex("IX_Unions_Path", "Unions", "Path");
        b.CreateIndex("IX_Unions_RegionCode", "Unions", "RegionCode");

        b.CreateTable("Officers", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Username = t.Column<string>(nullable: false),
            DisplayName = t.Column<string>(nullable: false),
            PasswordHash = t.Column<string>(nullable: false),
            UnionId = t.Column<Guid>(nullable: false),
            Permissions = t.Column<int>(nullable: false),
            FailedLoginCount = t.Column<int>(nullable: false),
            LockoutEndsAt = t.Column<DateTime>(nullable: true),
            IsDisabled = t.Column<bool>(nullable: false),
            WeChatOpenId = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            LastLoginAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Officers", x => x.Id);
            t.ForeignKey("FK_Officers_Unions_UnionId", x => x.UnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_Officers_Username", "Officers", "Username", unique: true);
        b.CreateIndex("IX_Officers_UnionId", "Officers", "UnionId");
        b.CreateIndex("IX_Officers_WeChatOpenId", "Officers", "WeChatOpenId");

        b.CreateTable("Workers", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            OpenId = t.Column<string>(nullable: false),
            WeChatUnionId = t.Column<string>(nullable: true),
            SessionKeyCipher = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            LastLoginAt = t.Column<DateTime>(nullable: false),
            RealName = t.Column<string>(nullable: true),
            IdNumberCipher = t.Column<string>(nullable: true),
            IdNumberHash = t.Column<string>(nullable: true),
            BirthDate = t.Column<DateOnly>(nullable: true),
            Gender = t.Column<string>(nullable: true),
            PhoneCipher = t.Column<string>(nullable: true),
            PhoneHash = t.Column<string>(nullable: true),
            PhoneVerifiedAt = t.Column<DateTime>(nullable: true),
            Employer = t.Column<string>(nullable: true),
            IndustrySection = t.Column<string>(nullable: true),
            Occupation = t.Column<string>(nullable: true),
            SkillLevel = t.Column<string>(nullable: true),
            EmploymentForm = t.Column<string>(nullable: true),
            NewEmploymentKind = t.Column<string>(nullable: true),
            CountyCode = t.Column<string>(nullable: true),
            IsEcologicalMigrant = t.Column<bool>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Workers", x => x.Id));
        b.CreateIndex("IX_Workers_OpenId", "Workers", "OpenId", unique: true);
        b.CreateIndex("IX_Workers_IdNumberHash", "Workers", "IdNumberHash");
        b.CreateIndex("IX_Workers_PhoneHash", "Workers", "PhoneHash");

        b.CreateTable("RefreshTokens", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            FamilyId = t.Column<Guid>(nullable: false),
            SubjectType = t.Column<string>(nullable: false),
            SubjectId = t.Column<Guid>(nullable: false),
            TokenHash = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            UsedAt = t.Column<DateTime>(nullable: true),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_RefreshTokens", x => x.Id));
        b.CreateIndex("IX_RefreshTokens_TokenHash", "RefreshTokens", "TokenHash", unique: true);
        b.CreateIndex("IX_RefreshTokens_FamilyId", "RefreshTokens", "FamilyId");

        b.CreateTable("Consents", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            TextVersion = t.Column<string>(nullable: false),
            GrantedAt = t.Column<DateTime>(nullable: false),
            WithdrawnAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Consents", x => x.Id);
            t.ForeignKey("FK_Consents_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_Consents_WorkerId_Kind", "Consents", ["WorkerId", "Kind"]);

        b.CreateTable("MembershipApplications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            UnionId = t.Column<Guid>(nullable: false),
            Channel = t.Column<string>(nullable: false),
            Status = t.Column<string>(nullable: false),
            Note = t.Column<string>(nullable: true),
            ApplicantName = t.Column<string>(nullable: false),
            IdNumberCipher = t.Column<string>(nullable: false),
            IdNumberHash = t.Column<string>(nullable: false),
            PhoneCipher = t.Column<string>(nullable: false),
            PhoneHash = t.Column<string>(nullable: false),
            Employer = t.Column<string>(nullable: true),
            Occupation = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
            ReviewedByOfficerId = t.Column<Guid>(nullable: true),
            ReviewComment = t.Column<string>(nullable: true),
            MembershipId = t.Column<Guid>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MembershipApplications", x => x.Id);
            t.ForeignKey("FK_MembershipApplications_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MembershipApplications_Unions_UnionId", x => x.UnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_MembershipApplications_WorkerId_Open", "MembershipApplications", "WorkerId", unique: true, filter: AppDbContext.OpenApplicationFilter);
        b.CreateIndex("IX_MembershipApplications_UnionId_Status_SubmittedAt", "MembershipApplications", ["UnionId", "Status", "SubmittedAt"]);

        b.CreateTable("Members", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            UnionId = t.Column<Guid>(nullable: false),
            Number = t.Column<string>(nullable: false),
            JoinedOn = t.Column<DateOnly>(nullable: false),
            Status = t.Column<string>(nullable: false),
            IdNumberHash = t.Column<string>(nullable: false),
            PhoneHash = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            EndedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Members", x => x.Id);
            t.ForeignKey("FK_Members_Workers_WorkerId", x => x.WorkerId, "Workers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Members_Unions_UnionId", x => x.UnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_Members_Number", "Members", "Number", unique: true);
        b.CreateIndex("IX_Members_UnionId", "Members", "UnionId");
        b.CreateIndex("IX_Members_WorkerId_Active", "Members", "WorkerId", unique: true, filter: AppDbContext.ActiveMemberFilter);
        b.CreateIndex("IX_Members_IdNumberHash_Active", "Members", "IdNumberHash", unique: true, filter: AppDbContext.ActiveMemberFilter);
        b.CreateIndex("IX_Members_PhoneHash_Active", "Members", "PhoneHash", unique: true, filter: AppDbContext.ActiveMemberFilter);

        b.CreateTable("MembershipTransfers", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            MemberId = t.Column<Guid>(nullable: false),
            WorkerId = t.Column<Guid>(nullable: false),
            FromUnionId = t.Column<Guid>(nullable: false),
            ToUnionId = t.Column<Guid>(nullable: false),
            Reason = t.Column<string>(nullable: false),
            Status = t.Column<string>(nullable: false),
            RequestedAt = t.Column<DateTime>(nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
            ReviewedByOfficerId = t.Column<Guid>(nullable: true),
            ReviewComment = t.Column<string>(nullable: true),
            FromNumber = t.Column<string>(nullable: false),
            ToNumber = t.Column<string>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MembershipTransfers", x => x.Id);
            t.ForeignKey("FK_MembershipTransfers_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MembershipTransfers_Unions_FromUnionId", x => x.FromUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MembershipTransfers_Unions_ToUnionId", x => x.ToUnionId, "Unions", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_MembershipTransfers_MemberId_Pending", "MembershipTransfers", "MemberId", unique: true, filter: AppDbContext.PendingTransferFilter);
        b.CreateIndex("IX_MembershipTransfers_ToUnionId_Status", "MembershipTransfers", ["ToUnionId", "Status"]);
        b.CreateIndex("IX_MembershipTransfers_WorkerId", "MembershipTransfers", "WorkerId");
        b.CreateIndex("IX_MembershipTransfers_FromUnionId", "MembershipTransfers", "FromUnionId");

        b.CreateTable("AuditRecords", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            ActorType = t.Column<string>(nullable: false),
            ActorId = t.Column<Guid>(nullable: true),
            EntityType = t.Column<string>(nullable: false),
            EntityId = t.Column<Guid>(nullable: false),
            Action = t.Column<string>(nullable: false),
            FromState = t.Column<string>(nullable: true),
            ToState = t.Column<string>(nullable: true),
            Reason = t.Column<string>(nullable: true),
            UnionId = t.Column<Guid>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AuditRecords", x => x.Id));
        b.CreateIndex("IX_AuditRecords_EntityType_EntityId_At", "AuditRecords", ["EntityType", "EntityId", "At"]);
        b.CreateIndex("IX_AuditRecords_UnionId_At", "AuditRecords", ["UnionId", "At"]);

        b.CreateTable("Notifications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            RecipientType = t.Column<string>(nullable: false),
            RecipientId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            Title = t.Column<string>(nullable: false),
            Body = t.Column<string>(nullable: false),
            Page = t.Column<string>(nullable: true),
            DataJson = t.Column<string>(nullable: true),
            DedupKey = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DueAt = t.Column<DateTime>(nullable: false),
            DeliveryStatus = t.Column<string>(nullable: false),
            Attempts = t.Column<int>(nullable: false),
            LastError = t.Column<string>(nullable: true),
            SentAt = t.Column<DateTime>(nullable: true),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        b.CreateIndex("IX_Notifications_DedupKey", "Notifications", "DedupKey", unique: true);
        b.CreateIndex("IX_Notifications_RecipientType_RecipientId_CreatedAt", "Notifications", ["RecipientType", "RecipientId", "CreatedAt"]);
        b.CreateIndex("IX_Notifications_DeliveryStatus_DueAt", "Notifications", ["DeliveryStatus", "DueAt"]);

        b.CreateTable("IdempotencyRecords", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            SubjectId = t.Column<Guid>(nullable: false),
            Key = t.Column<string>(nullable: false),
            RequestHash = t.Column<string>(nullable: false),
            StatusCode = t.Column<int>(nullable: false),
            ResponseBody = t.Column<string>(nullable: true),
            ResponseContentType = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_IdempotencyRecords", x => x.Id));
        b.CreateIndex("IX_IdempotencyRecords_SubjectId_Key", "IdempotencyRecords", ["SubjectId", "Key"], unique: true);
        b.CreateIndex("IX_IdempotencyRecords_CreatedAt", "IdempotencyRecords", "CreatedAt");
    }

    protected override void Down(MigrationBuilder b)
    {
        foreach (var table in new[]
                 {
                     "IdempotencyRecords", "Notifications", "AuditRecords", "MembershipTransfers", "Members", "MembershipApplications",
                     "Consents", "RefreshTokens", "Workers", "Officers", "Unions",
                 })
        {
            b.DropTable(table);
        }
    }
}
