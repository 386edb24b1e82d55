using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>Delivery of the outbox: retry time, the dispatcher's lease, the template used, and subscription credits.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000100_NotificationDelivery")]
public sealed class NotificationDelivery : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AddColumn<DateTime>("NextAttemptAt", "Notifications", nullable: false, defaultValue: new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        b.Sql("UPDATE \"Notifications\" SET \"NextAttemptAt\" = \"DueAt\"");
        b.AddColumn<string>("LeaseOwner", "Notifications", nullable: true);
        b.AddColumn<DateTime>("LeaseExpiresAt", "Notifications", nullable: true);
        b.AddColumn<string>("TemplateId", "Notifications", nullable: true);
        b.DropIndex("IX_Notifications_DeliveryStatus_DueAt", "Notifications");
        b.CreateIndex("IX_Notifications_DeliveryStatus_NextAttemptAt", "Notifications", ["DeliveryStatus", "NextAttemptAt"]);
        b.CreateIndex("IX_Notifications_LeaseOwner", "Notifications", "LeaseOwner");

        b.CreateTable("SubscriptionCredits", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            RecipientType = t.Column<string>(nullable: false),
            RecipientId = t.Column<Guid>(nullable: false),
            TemplateId = t.Column<string>(nullable: false),
            Credits = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SubscriptionCredits", x => x.Id));
        b.CreateIndex("IX_SubscriptionCredits_RecipientType_RecipientId_TemplateId", "SubscriptionCredits", ["RecipientType", "RecipientId", "TemplateId"], unique: true);
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropTable("SubscriptionCredits");
        b.DropIndex("IX_Notifications_LeaseOwner", "Notifications");
        b.DropIndex("IX_Notifications_DeliveryStatus_NextAttemptAt", "Notifications");
        b.CreateIndex("IX_Notifications_DeliveryStatus_DueAt", "Notifications", ["DeliveryStatus", "DueAt"]);
        foreach (var column in new[] { "TemplateId", "LeaseExpiresAt", "LeaseOwner", "NextAttemptAt" })
        {
            b.DropColumn(column, "Notifications");
        }
    }
}
