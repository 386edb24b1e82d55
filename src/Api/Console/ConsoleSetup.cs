using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Changai.Api.Infrastructure.Security;
using Changai.Api.OfficerConsole.Login;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Changai.Api.OfficerConsole;

public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>A session unused this long ends (sliding: each request within it extends it).</summary>
    [Range(5, 480)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>However active, a session ends this long after login.</summary>
    [Range(1, 24)]
    public int MaxSessionHours { get; set; } = 12;
}

/// <summary>
/// The officer web console at <c>/console</c>: server-rendered pages (Razor components returned by minimal API endpoints),
/// a cookie session carrying the same claims as the officer access token, the API's policies and use cases. Sections
/// (<see cref="IConsoleSection"/>) are listed in <see cref="ConsoleSections.Create"/>.
/// </summary>
public static class ConsoleSetup
{
    public const string BasePath = "/console";

    public static bool IsConsolePath(PathString path) => path.StartsWithSegments(BasePath);

    public static WebApplicationBuilder AddOfficerConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Chinese as characters, not numeric entities: smaller pages, and readable in tests and view-source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "changai.console.af";
            o.Cookie.Path = BasePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
        services.AddAuthentication().AddCookie(ConsoleSession.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(ConsoleSession.Scheme).Configure<IOptions<ConsoleOptions>>((cookie, options) =>
        {
            cookie.Cookie.Name = "changai.console";
            cookie.Cookie.Path = BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = BasePath + "/login";
            cookie.LogoutPath = BasePath + "/logout";
            cookie.AccessDeniedPath = BasePath + "/forbidden";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = ConsoleSession.ValidateAsync;
            cookie.Events.OnRedirectToLogin = ConsoleSession.RedirectToLoginAsync;
        });
        // The keys protecting session and anti-forgery cookies live in the database: every instance shares them, restarts keep them.
        services.AddDataProtection().SetApplicationName("changai").PersistKeysToDbContext<AppDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<FieldProtector>((keys, protector) => keys.XmlEncryptor = new PersonalDataXmlEncryptor(protector));

        // Before the API's JSON writer: an error under /console is a page (the first writer that can write wins).
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, ConsoleProblemWriter>());
        services.AddHttpContextAccessor();
        services.AddScoped<ConsoleUser>();
        services.AddSingleton(ConsoleSections.Create());
        return builder;
    }

    public static WebApplication MapConsoleEndpoints(this WebApplication app)
    {
        // After authentication and authorization (UseChangaiApi): validates the token on every console POST. The API's JSON
        // endpoints carry no anti-forgery metadata and are not affected.
        app.UseAntiforgery();
        var console = app.MapGroup(BasePath)
            .ExcludeFromDescription()
            // The console's own scheme only: a bearer token opens no page, a session cookie opens no API endpoint.
            .RequireAuthorization(new AuthorizeAttribute(Policies.Officer) { AuthenticationSchemes = ConsoleSession.Scheme })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter<ConsolePageFilter>();
        ConsoleLogin.Map(console);
        foreach (var section in app.Services.GetRequiredService<ConsoleSections>().All)
        {
            section.Map(console);
        }

        // Any other path under /console (an unknown page, an id that is not one): the console's 404 page, not JSON.
        console.MapFallback("{**path}", () => ConsoleErrors.NotFound());

        Jobs.JobsDashboard.Map(app);

        return app;
    }
}
