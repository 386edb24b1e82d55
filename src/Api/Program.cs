using Changai.Api.Identity;
using Changai.Api.Infrastructure;
using Changai.Api.Membership;
using Changai.Api.Notifications;
using Changai.Api.OfficerConsole;
using Changai.Api.Organizations;
using Changai.Api.Profiles;
using Changai.Api.Subsidies;
using Changai.Api.Training;
using Changai.Api.Quiz;
using Changai.WeChat;
using Changai.WeChat.Simulator;

if (args is ["admin", ..]) return await AdminCommands.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddChangaiApi();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseChangaiApi();

app.MapIdentityEndpoints();
app.MapProfileEndpoints();
app.MapOrganizationEndpoints();
app.MapMembershipEndpoints();
app.MapNotificationEndpoints();
app.MapConsoleEndpoints();
app.MapSubsidyEndpoints();
app.MapTrainingEndpoints();
app.MapQuizEndpoints();
if (app.Configuration.GetValue<bool>("WeChat:Simulator:Enabled"))
{
    app.MapWeChatSimulator("/wechat-sim");
}

app.Run();
return 0;

public partial class Program;
