using Changai.Api.Identity;
using Changai.Api.Infrastructure;
using Changai.Api.Membership;
using Changai.Api.Notifications;
using Changai.Api.Organizations;
using Changai.Api.Profiles;
using Changai.Api.Quiz;
using Changai.WeChat;
using Changai.WeChat.Simulator;

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
app.MapQuizEndpoints();
if (app.Configuration.GetValue<bool>("WeChat:Simulator:Enabled"))
{
    app.MapWeChatSimulator("/wechat-sim");
}

app.Run();

public partial class Program;
