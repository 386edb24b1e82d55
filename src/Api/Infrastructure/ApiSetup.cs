using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Changai.Api.DemoData;
using Changai.Api.Infrastructure.RateLimiting;
using Changai.Api.Infrastructure.Security;
using Changai.Api.Membership;
using Changai.Api.OfficerConsole;
using Changai.Api.Training;
using Changai.Domain.Caching;
using Changai.Domain.Data;
using Changai.Domain.Notifications;
using Changai.Domain.Privacy;
using Changai.Domain.Subsidies;
using Changai.Domain.Telemetry;
using Changai.Api.Quiz;
using Changai.Hosting;
using Changai.WeChat;
using Changai.WeChat.Simulator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Changai.Api.Infrastructure;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    public bool ExposeOpenApi { get; set; }

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Service registration and the HTTP pipeline, so that Program.cs reads as a table of contents.</summary>
public static class ApiSetup
{
    public static WebApplicationBuilder AddChangaiApi(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        // First: the production checks refuse a misconfigured start before anything else is read.
        services.AddChangaiCore(configuration, builder.Environment, ChangaiHost.Api);
        var api = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);

        services.AddMemoryCache();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping; // readable Chinese, still valid JSON
        });
        services.AddStrictRequestBinding();
        services.AddProblemJsonWriter(); // before AddProblemDetails: the first writer that can write wins
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddTextCompression();
        services.AddRequestValidation();
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.SectionName);
        services.AddSingleton(sp => new FieldProtector(sp.GetRequiredService<IOptions<PersonalDataOptions>>().Value));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Value.Issuer,
                ValidAudience = auth.Value.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(auth.Value.SigningKeyBytes()),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = Policies.RoleClaim,
            };
        });
        services.AddChangaiAuthorization();
        builder.AddOfficerConsole();

        services.AddTrainingApi();
        if (configuration.GetValue<bool>("WeChat:Simulator:Enabled"))
        {
            services.AddWeChatSimulator();
            services.CallWeChatSimulatorOnThisServer(configuration);
        }

        services.AddOpenApi(o => o.AddChangaiContract());
        services.AddScoped<TokenIssuer>();
        services.AddScoped<OfficerScope>();
        services.AddSingleton<QueueCounts>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, QueueCounts.Interceptor>();
        services.AddLoginThrottle();
        services.AddScoped<DemoDataSeeder>();
        services.AddSingleton<CardTokens>();
        services.AddQuizApi();
        return builder;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (app.Configuration.GetValue("Database:MigrateOnStart", true))
        {
            await db.MigrateAppDatabaseAsync();
        }

        if (app.Configuration.GetValue<bool>("DemoData:Enabled"))
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
        }
    }

    public static WebApplication UseChangaiApi(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseResponseCompression(); // after the forwarded scheme is known, before anything that writes a body
        app.UseMiddleware<NoStore>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseMiddleware<TextInputGuard>();
        app.UseMiddleware<EnumQueryNames>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<PasswordChangeGate>();

        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.ExposeOpenApi)
        {
            app.MapOpenApi().AllowAnonymous();
            app.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint("/openapi/v1.json", "产改服务 API v1");
                o.DocumentTitle = "云南产业工人服务 API";
            });
        }

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Answers 413 as a ProblemDetails before reading a body whose declared length is over the limit (the endpoint's own
    /// limit where it declares one, e.g. file uploads).
    /// </summary>
    private sealed class RequestSizeLimit(RequestDelegate next, IOptions<ApiOptions> options)
    {
        public Task InvokeAsync(HttpContext context) =>
            context.Request.ContentLength > (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? options.Value.MaxRequestBodyBytes)
                ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
                : next(context);
    }
}
