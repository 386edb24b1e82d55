using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Changai.WeChat.Simulator;

/// <summary>Mounts a faithful fake of the WeChat server APIs inside our own app, for development and tests.
/// Point <see cref="WeChatOptions.BaseAddress"/> at "{app}/wechat-sim" and drive it through "/wechat-sim/dev".</summary>
public static class WeChatSimulatorExtensions
{
    private static readonly JsonSerializerOptions WireJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Registers the simulator's state (a singleton) and <see cref="WeChatSimulatorOptions"/> from
    /// "WeChat:Simulator", validated on start when enabled.</summary>
    public static IServiceCollection AddWeChatSimulator(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.SectionName);
        services.AddOptions<WeChatSimulatorOptions>()
            .BindConfiguration(WeChatSimulatorOptions.SectionName)
            .PostConfigure<IOptions<WeChatOptions>>((simulator, wechat) =>
            {
                // By default the simulator plays the app the client is configured for.
                if (simulator.Apps.Count == 0 && !string.IsNullOrWhiteSpace(wechat.Value.AppId))
                {
                    simulator.Apps.Add(new SimulatedApp { AppId = wechat.Value.AppId, Secret = wechat.Value.AppSecret });
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatSimulatorOptions>, WeChatSimulatorOptionsValidator>());
        services.TryAddSingleton<WeChatSimulator>();
        return services;
    }

    /// <summary>Maps the WeChat API paths and the "/dev" control endpoints under <paramref name="prefix"/>.
    /// Every endpoint answers 404 unless WeChat:Simulator:Enabled is true.</summary>
    public static RouteGroupBuilder MapWeChatSimulator(this IEndpointRouteBuilder app, string prefix = "/wechat-sim")
    {
        var group = app.MapGroup(prefix)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<IOptions<WeChatSimulatorOptions>>().Value.Enabled
                    ? await next(context)
                    : TypedResults.NotFound());

        MapApi(group, "/sns/jscode2session", WeChatApiNames.Code2Session);
        MapApi(group, "/cgi-bin/stable_token", WeChatApiNames.StableToken);
        MapApi(group, "/cgi-bin/token", WeChatApiNames.LegacyToken);
        MapApi(group, "/cgi-bin/message/subscribe/send", WeChatApiNames.SubscribeSend);
        MapApi(group, "/wxa/business/getuserphonenumber", WeChatApiNames.GetPhoneNumber);
        MapApi(group, "/wxa/msg_sec_check", WeChatApiNames.MsgSecCheck);
        MapApi(group, "/wxa/getwxacodeunlimit", WeChatApiNames.GetWxaCodeUnlimit);
        MapApi(group, "/wxa/getuserriskrank", WeChatApiNames.GetUserRiskRank);

        SimulatorDevEndpoints.Map(group.MapGroup("/dev"));
        return group;
    }

    // Map (any method) rather than MapGet/MapPost: WeChat answers a wrong method with errcode 43002, not HTTP 405.
    private static void MapApi(RouteGroupBuilder group, string path, string api) =>
        group.Map(path, async (HttpContext context, WeChatSimulator simulator) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            var reply = simulator.Handle(api, new SimRequest(context.Request.Method, query, body));
            if (reply is SimDelayedReply delayed)
            {
                await Task.Delay(delayed.Delay, context.RequestAborted);
                reply = delayed.Reply;
            }

            if (reply is SimDroppedReply)
            {
                context.Abort();
                return Results.Empty;
            }

            return ToResult(reply);
        });

    private static IResult ToResult(SimReply reply) => reply switch
    {
        SimJsonReply json => TypedResults.Text(JsonSerializer.Serialize(json.Payload, WireJson), json.ContentType, Encoding.UTF8),
        SimImageReply image => TypedResults.Bytes(image.Content, image.ContentType),
        SimHttpStatusReply status => TypedResults.StatusCode(status.StatusCode),
        _ => throw new InvalidOperationException($"Unexpected reply {reply.GetType().Name}."),
    };
}
