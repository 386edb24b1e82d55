using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Changai.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorType = table.Column<string>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EntityType = table.Column<string>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    FromState = table.Column<string>(type: "TEXT", nullable: true),
                    ToState = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseBody = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseContentType = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientType = table.Column<string>(type: "TEXT", nullable: false),
                    RecipientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Page = table.Column<string>(type: "TEXT", nullable: true),
                    DataJson = table.Column<string>(type: "TEXT", nullable: true),
                    DedupKey = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveryStatus = table.Column<string>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    TemplateId = table.Column<string>(type: "TEXT", nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SendStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RefreshTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FamilyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectType = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubscriptionCredits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientType = table.Column<string>(type: "TEXT", nullable: false),
                    RecipientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", nullable: false),
                    Credits = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscriptionCredits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Unions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Path = table.Column<string>(type: "TEXT", nullable: false),
                    Depth = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    PrefectureCode = table.Column<string>(type: "TEXT", nullable: false),
                    AcceptsMembers = table.Column<bool>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    NextMemberSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Unions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Unions_Unions_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Workers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", nullable: false),
                    WeChatUnionId = table.Column<string>(type: "TEXT", nullable: true),
                    SessionKeyCipher = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastLoginAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RealName = table.Column<string>(type: "TEXT", nullable: true),
                    IdNumberCipher = table.Column<string>(type: "TEXT", nullable: true),
                    IdNumberHash = table.Column<string>(type: "TEXT", nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Gender = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneHash = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneVerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Employer = table.Column<string>(type: "TEXT", nullable: true),
                    IndustrySection = table.Column<string>(type: "TEXT", nullable: true),
                    Occupation = table.Column<string>(type: "TEXT", nullable: true),
                    SkillLevel = table.Column<string>(type: "TEXT", nullable: true),
                    EmploymentForm = table.Column<string>(type: "TEXT", nullable: true),
                    NewEmploymentKind = table.Column<string>(type: "TEXT", nullable: true),
                    CountyCode = table.Column<string>(type: "TEXT", nullable: true),
                    IsEcologicalMigrant = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Officers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Permissions = table.Column<int>(type: "INTEGER", nullable: false),
                    FailedLoginCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LockoutEndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    WeChatOpenId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastLoginAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Officers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Officers_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizCampaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    OrganizerUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AudienceUnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AudienceUnionPath = table.Column<string>(type: "TEXT", nullable: true),
                    AudienceRegions = table.Column<string>(type: "TEXT", nullable: true),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    QuestionsPerAttempt = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeLimitSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptsPerDay = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Scoring = table.Column<string>(type: "TEXT", nullable: false),
                    ChapterQuotasJson = table.Column<string>(type: "TEXT", nullable: true),
                    PrizeKind = table.Column<string>(type: "TEXT", nullable: false),
                    PrizeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PrizeName = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    SeedHash = table.Column<string>(type: "TEXT", nullable: true),
                    SeedCipher = table.Column<string>(type: "TEXT", nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpeningNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastDayNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DrawEligibleJson = table.Column<string>(type: "TEXT", nullable: true),
                    DrawExcludedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizCampaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizCampaigns_Unions_AudienceUnionId",
                        column: x => x.AudienceUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizCampaigns_Unions_OrganizerUnionId",
                        column: x => x.OrganizerUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizQuestions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    CurrentVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CurrentVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Chapter = table.Column<string>(type: "TEXT", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizQuestions_Unions_OwnerUnionId",
                        column: x => x.OwnerUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyPrograms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BudgetFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Allocation = table.Column<string>(type: "TEXT", nullable: false),
                    RulesJson = table.Column<string>(type: "TEXT", nullable: false),
                    LotterySeedHash = table.Column<string>(type: "TEXT", nullable: true),
                    LotterySeed = table.Column<string>(type: "TEXT", nullable: true),
                    DrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DrawResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyPrograms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyPrograms_Unions_OwnerUnionId",
                        column: x => x.OwnerUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingCourses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: false),
                    Occupation = table.Column<string>(type: "TEXT", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", nullable: false),
                    OrganizerUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    MembersOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    EligibleRegionCodes = table.Column<string>(type: "TEXT", nullable: true),
                    EligibleEmploymentForms = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingCourses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingCourses_Unions_OrganizerUnionId",
                        column: x => x.OrganizerUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    TextVersion = table.Column<string>(type: "TEXT", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consents_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberHash = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneHash = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Members_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Members_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MembershipApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    ApplicantName = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberCipher = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberHash = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneHash = table.Column<string>(type: "TEXT", nullable: false),
                    Employer = table.Column<string>(type: "TEXT", nullable: true),
                    Occupation = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", nullable: true),
                    MembershipId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MembershipApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MembershipApplications_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipApplications_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WorkerCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    Occupation = table.Column<string>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkerCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkerCertificates_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PrefectureCode = table.Column<string>(type: "TEXT", nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ChinaDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DaySequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CorrectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmissionHash = table.Column<string>(type: "TEXT", nullable: true),
                    IsFlagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClientIp = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizAttempts_QuizCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "QuizCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizAttempts_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizCampaignEntries",
                columns: table => new
                {
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttemptId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PrefectureCode = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    CorrectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    RankKey = table.Column<long>(type: "INTEGER", nullable: false),
                    RankedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizCampaignEntries", x => new { x.CampaignId, x.WorkerId });
                    table.ForeignKey(
                        name: "FK_QuizCampaignEntries_QuizCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "QuizCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizCampaignEntries_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizPrizeWinners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttemptId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizPrizeWinners", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizPrizeWinners_QuizCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "QuizCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizPrizeWinners_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizPracticeRecords",
                columns: table => new
                {
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastChosen = table.Column<string>(type: "TEXT", nullable: false),
                    LastCorrect = table.Column<bool>(type: "INTEGER", nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false),
                    Wrong = table.Column<int>(type: "INTEGER", nullable: false),
                    InWrongBook = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizPracticeRecords", x => new { x.WorkerId, x.QuestionId });
                    table.ForeignKey(
                        name: "FK_QuizPracticeRecords_QuizQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "QuizQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizPracticeRecords_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizQuestionVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Stem = table.Column<string>(type: "TEXT", nullable: false),
                    OptionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    AnswerIds = table.Column<string>(type: "TEXT", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: false),
                    Chapter = table.Column<string>(type: "TEXT", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    Difficulty = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizQuestionVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuizQuestionVersions_QuizQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "QuizQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", nullable: true),
                    IdNumberCipher = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: true),
                    WorkerCertificateId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CertificateNumber = table.Column<string>(type: "TEXT", nullable: true),
                    CertificateKey = table.Column<string>(type: "TEXT", nullable: true),
                    Occupation = table.Column<string>(type: "TEXT", nullable: true),
                    CertificateLevel = table.Column<string>(type: "TEXT", nullable: true),
                    CertificateIssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CertificateIssuer = table.Column<string>(type: "TEXT", nullable: true),
                    DegreeLevel = table.Column<string>(type: "TEXT", nullable: true),
                    School = table.Column<string>(type: "TEXT", nullable: true),
                    TuitionFen = table.Column<long>(type: "INTEGER", nullable: true),
                    HardshipTier = table.Column<string>(type: "TEXT", nullable: true),
                    Statement = table.Column<string>(type: "TEXT", nullable: true),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: true),
                    BreakdownJson = table.Column<string>(type: "TEXT", nullable: true),
                    LimitKey = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimYear = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewChainJson = table.Column<string>(type: "TEXT", nullable: true),
                    CurrentStep = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentReviewUnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CurrentStepDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", nullable: true),
                    CorrectionDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinalApprovedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TransferReference = table.Column<string>(type: "TEXT", nullable: true),
                    PaidByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_SubsidyPrograms_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "SubsidyPrograms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyQuotas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", nullable: false),
                    QuotaFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyQuotas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyQuotas_SubsidyPrograms_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "SubsidyPrograms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    OnlineUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrollmentOpensAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EnrollmentClosesAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CancellationDeadline = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CheckInOpensAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CheckInClosesAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", nullable: true),
                    SeatsTaken = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitlistIssued = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingSessions_TrainingCourses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "TrainingCourses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MembershipTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToUnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewedByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", nullable: true),
                    FromNumber = table.Column<string>(type: "TEXT", nullable: false),
                    ToNumber = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MembershipTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MembershipTransfers_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipTransfers_Unions_FromUnionId",
                        column: x => x.FromUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipTransfers_Unions_ToUnionId",
                        column: x => x.ToUnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizAttemptQuestions",
                columns: table => new
                {
                    AttemptId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OptionOrder = table.Column<string>(type: "TEXT", nullable: false),
                    Chosen = table.Column<string>(type: "TEXT", nullable: true),
                    IsCorrect = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizAttemptQuestions", x => new { x.AttemptId, x.Position });
                    table.ForeignKey(
                        name: "FK_QuizAttemptQuestions_QuizAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "QuizAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizAttemptQuestions_QuizQuestionVersions_QuestionVersionId",
                        column: x => x.QuestionVersionId,
                        principalTable: "QuizQuestionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizDailyAnswers",
                columns: table => new
                {
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    QuestionVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Chosen = table.Column<string>(type: "TEXT", nullable: false),
                    IsCorrect = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizDailyAnswers", x => new { x.WorkerId, x.Day });
                    table.ForeignKey(
                        name: "FK_QuizDailyAnswers_QuizQuestionVersions_QuestionVersionId",
                        column: x => x.QuestionVersionId,
                        principalTable: "QuizQuestionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizDailyAnswers_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuizDailyQuestions",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizDailyQuestions", x => x.Day);
                    table.ForeignKey(
                        name: "FK_QuizDailyQuestions_QuizQuestionVersions_QuestionVersionId",
                        column: x => x.QuestionVersionId,
                        principalTable: "QuizQuestionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuizDailyQuestions_QuizQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "QuizQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentCode = table.Column<string>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyAttachments_SubsidyApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "SubsidyApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingEnrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    WaitlistPosition = table.Column<int>(type: "INTEGER", nullable: true),
                    LowPriority = table.Column<bool>(type: "INTEGER", nullable: false),
                    OfferedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OfferExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckedInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckInMethod = table.Column<string>(type: "TEXT", nullable: true),
                    CheckedInByOfficerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingEnrollments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingEnrollments_TrainingCourses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "TrainingCourses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrainingEnrollments_TrainingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "TrainingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrainingEnrollments_Workers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "Workers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_EntityType_EntityId_At",
                table: "AuditRecords",
                columns: new[] { "EntityType", "EntityId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_UnionId_At",
                table: "AuditRecords",
                columns: new[] { "UnionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Consents_WorkerId_Kind",
                table: "Consents",
                columns: new[] { "WorkerId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_CreatedAt",
                table: "IdempotencyRecords",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_SubjectId_Key",
                table: "IdempotencyRecords",
                columns: new[] { "SubjectId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_IdNumberHash_Active",
                table: "Members",
                column: "IdNumberHash",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Number",
                table: "Members",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_PhoneHash_Active",
                table: "Members",
                column: "PhoneHash",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_Members_UnionId",
                table: "Members",
                column: "UnionId");

            migrationBuilder.CreateIndex(
                name: "IX_Members_WorkerId_Active",
                table: "Members",
                column: "WorkerId",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_UnionId_Status_SubmittedAt",
                table: "MembershipApplications",
                columns: new[] { "UnionId", "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_WorkerId_Open",
                table: "MembershipApplications",
                column: "WorkerId",
                unique: true,
                filter: "\"Status\" IN ('Submitted', 'Returned')");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipTransfers_FromUnionId",
                table: "MembershipTransfers",
                column: "FromUnionId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipTransfers_MemberId_Pending",
                table: "MembershipTransfers",
                column: "MemberId",
                unique: true,
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipTransfers_ToUnionId_Status",
                table: "MembershipTransfers",
                columns: new[] { "ToUnionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipTransfers_WorkerId",
                table: "MembershipTransfers",
                column: "WorkerId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DedupKey",
                table: "Notifications",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DeliveryStatus_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "DeliveryStatus", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_LeaseOwner",
                table: "Notifications",
                column: "LeaseOwner");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientType_RecipientId_CreatedAt",
                table: "Notifications",
                columns: new[] { "RecipientType", "RecipientId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Officers_UnionId",
                table: "Officers",
                column: "UnionId");

            migrationBuilder.CreateIndex(
                name: "IX_Officers_Username",
                table: "Officers",
                column: "Username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Officers_WeChatOpenId",
                table: "Officers",
                column: "WeChatOpenId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttemptQuestions_QuestionVersionId",
                table: "QuizAttemptQuestions",
                column: "QuestionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_CampaignId_WorkerId_ChinaDay_DaySequence",
                table: "QuizAttempts",
                columns: new[] { "CampaignId", "WorkerId", "ChinaDay", "DaySequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_CampaignId_WorkerId_Sequence",
                table: "QuizAttempts",
                columns: new[] { "CampaignId", "WorkerId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_WorkerId",
                table: "QuizAttempts",
                column: "WorkerId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaignEntries_CampaignId_RankKey_WorkerId",
                table: "QuizCampaignEntries",
                columns: new[] { "CampaignId", "RankKey", "WorkerId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaignEntries_CampaignId_UpdatedAt",
                table: "QuizCampaignEntries",
                columns: new[] { "CampaignId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaignEntries_WorkerId",
                table: "QuizCampaignEntries",
                column: "WorkerId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaigns_AudienceUnionId",
                table: "QuizCampaigns",
                column: "AudienceUnionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaigns_OrganizerUnionId",
                table: "QuizCampaigns",
                column: "OrganizerUnionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizCampaigns_Status_EndsAt",
                table: "QuizCampaigns",
                columns: new[] { "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizDailyAnswers_Day",
                table: "QuizDailyAnswers",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_QuizDailyAnswers_QuestionVersionId",
                table: "QuizDailyAnswers",
                column: "QuestionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizDailyQuestions_QuestionId",
                table: "QuizDailyQuestions",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizDailyQuestions_QuestionVersionId",
                table: "QuizDailyQuestions",
                column: "QuestionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizPracticeRecords_QuestionId",
                table: "QuizPracticeRecords",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizPracticeRecords_WorkerId_InWrongBook_LastAnsweredAt",
                table: "QuizPracticeRecords",
                columns: new[] { "WorkerId", "InWrongBook", "LastAnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizPrizeWinners_CampaignId_Rank",
                table: "QuizPrizeWinners",
                columns: new[] { "CampaignId", "Rank" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizPrizeWinners_CampaignId_WorkerId",
                table: "QuizPrizeWinners",
                columns: new[] { "CampaignId", "WorkerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizPrizeWinners_WorkerId",
                table: "QuizPrizeWinners",
                column: "WorkerId");

            migrationBuilder.CreateIndex(
                name: "IX_QuizQuestions_IsArchived_SortOrder",
                table: "QuizQuestions",
                columns: new[] { "IsArchived", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizQuestions_OwnerUnionId_Code",
                table: "QuizQuestions",
                columns: new[] { "OwnerUnionId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizQuestionVersions_QuestionId_Number",
                table: "QuizQuestionVersions",
                columns: new[] { "QuestionId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_TokenHash",
                table: "RefreshTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubscriptionCredits_RecipientType_RecipientId_TemplateId",
                table: "SubscriptionCredits",
                columns: new[] { "RecipientType", "RecipientId", "TemplateId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CertificateKey_Claimed",
                table: "SubsidyApplications",
                column: "CertificateKey",
                unique: true,
                filter: "\"Status\" IN ('UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CurrentReviewUnionId_CurrentStepDueAt",
                table: "SubsidyApplications",
                columns: new[] { "CurrentReviewUnionId", "CurrentStepDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_ProgramId_Status",
                table: "SubsidyApplications",
                columns: new[] { "ProgramId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_ProgramId_WorkerId_Live",
                table: "SubsidyApplications",
                columns: new[] { "ProgramId", "WorkerId" },
                unique: true,
                filter: "\"Status\" IN ('Draft', 'UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_UnionId_Status",
                table: "SubsidyApplications",
                columns: new[] { "UnionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_WorkerId",
                table: "SubsidyApplications",
                column: "WorkerId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_WorkerId_LimitKey_Claimed",
                table: "SubsidyApplications",
                columns: new[] { "WorkerId", "LimitKey" },
                unique: true,
                filter: "\"Status\" IN ('UnderReview', 'Returned', 'AwaitingDraw', 'Approved', 'Paid')");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyAttachments_ApplicationId",
                table: "SubsidyAttachments",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyAttachments_StorageKey",
                table: "SubsidyAttachments",
                column: "StorageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPrograms_OwnerUnionId_ClosesOn",
                table: "SubsidyPrograms",
                columns: new[] { "OwnerUnionId", "ClosesOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyQuotas_ProgramId_CountyCode",
                table: "SubsidyQuotas",
                columns: new[] { "ProgramId", "CountyCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingCourses_OrganizerUnionId",
                table: "TrainingCourses",
                column: "OrganizerUnionId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingCourses_Status_RegionCode",
                table: "TrainingCourses",
                columns: new[] { "Status", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_CourseId_WorkerId",
                table: "TrainingEnrollments",
                columns: new[] { "CourseId", "WorkerId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_SessionId_Status",
                table: "TrainingEnrollments",
                columns: new[] { "SessionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_SessionId_WaitlistPosition",
                table: "TrainingEnrollments",
                columns: new[] { "SessionId", "WaitlistPosition" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_SessionId_WorkerId_Active",
                table: "TrainingEnrollments",
                columns: new[] { "SessionId", "WorkerId" },
                unique: true,
                filter: "\"Status\" IN ('Confirmed', 'Waitlisted', 'Offered', 'CheckedIn', 'NoShow')");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_Status_OfferExpiresAt",
                table: "TrainingEnrollments",
                columns: new[] { "Status", "OfferExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEnrollments_WorkerId_Status",
                table: "TrainingEnrollments",
                columns: new[] { "WorkerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_CourseId_StartsAt",
                table: "TrainingSessions",
                columns: new[] { "CourseId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_Status_StartsAt",
                table: "TrainingSessions",
                columns: new[] { "Status", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Unions_Code",
                table: "Unions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Unions_ParentId",
                table: "Unions",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Unions_Path",
                table: "Unions",
                column: "Path");

            migrationBuilder.CreateIndex(
                name: "IX_Unions_RegionCode",
                table: "Unions",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerCertificates_CourseId",
                table: "WorkerCertificates",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerCertificates_Number",
                table: "WorkerCertificates",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerCertificates_WorkerId_Number",
                table: "WorkerCertificates",
                columns: new[] { "WorkerId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workers_IdNumberHash",
                table: "Workers",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Workers_OpenId",
                table: "Workers",
                column: "OpenId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workers_PhoneHash",
                table: "Workers",
                column: "PhoneHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "MembershipApplications");

            migrationBuilder.DropTable(
                name: "MembershipTransfers");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "Officers");

            migrationBuilder.DropTable(
                name: "QuizAttemptQuestions");

            migrationBuilder.DropTable(
                name: "QuizCampaignEntries");

            migrationBuilder.DropTable(
                name: "QuizDailyAnswers");

            migrationBuilder.DropTable(
                name: "QuizDailyQuestions");

            migrationBuilder.DropTable(
                name: "QuizPracticeRecords");

            migrationBuilder.DropTable(
                name: "QuizPrizeWinners");

            migrationBuilder.DropTable(
                name: "RefreshTokens");

            migrationBuilder.DropTable(
                name: "SubscriptionCredits");

            migrationBuilder.DropTable(
                name: "SubsidyAttachments");

            migrationBuilder.DropTable(
                name: "SubsidyQuotas");

            migrationBuilder.DropTable(
                name: "TrainingEnrollments");

            migrationBuilder.DropTable(
                name: "WorkerCertificates");

            migrationBuilder.DropTable(
                name: "Members");

            migrationBuilder.DropTable(
                name: "QuizAttempts");

            migrationBuilder.DropTable(
                name: "QuizQuestionVersions");

            migrationBuilder.DropTable(
                name: "SubsidyApplications");

            migrationBuilder.DropTable(
                name: "TrainingSessions");

            migrationBuilder.DropTable(
                name: "QuizCampaigns");

            migrationBuilder.DropTable(
                name: "QuizQuestions");

            migrationBuilder.DropTable(
                name: "SubsidyPrograms");

            migrationBuilder.DropTable(
                name: "Workers");

            migrationBuilder.DropTable(
                name: "TrainingCourses");

            migrationBuilder.DropTable(
                name: "Unions");
        }
    }
}
