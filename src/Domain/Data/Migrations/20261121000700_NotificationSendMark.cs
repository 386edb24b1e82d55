using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changai.Domain.Data.Migrations;

/// <summary>The dispatcher marks a message just before sending it, so a sender that dies mid-send is never repeated.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000700_NotificationSendMark")]
public sealed class NotificationSendMark : Migration
{
    protected override void Up(MigrationBuilder b) => b.AddColumn<DateTime>("SendStartedAt", "Notifications", nullable: true);

    protected override void Down(MigrationBuilder b) => b.DropColumn("SendStartedAt", "Notifications");
}
