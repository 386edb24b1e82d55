using Microsoft.Playwright;

namespace Changai.Console.Tests.Infrastructure;

/// <summary>One API process and one headless Chromium for the whole run; each test opens its own browser contexts (sessions).</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Password = "Demo@2026yn";

    private IPlaywright? playwright;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, bool> declining = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, string> dialogs = new();

    public ApiProcess Api { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public ApiClient Client { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(ApiProcess.Metadata("RepositoryRoot"), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Api = await ApiProcess.StartAsync();
        Client = new ApiClient(Api.BaseAddress);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium: browsers cannot be downloaded here. --no-sandbox because tests may run as root.
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser session at the laptop size the console is made for (1366×768), in Chinese.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Api.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(30_000); // a PBKDF2 login on two busy cores can take seconds
        var page = await context.NewPageAsync();
        // Confirmations before irreversible actions (data-confirm) are accepted, as an officer who meant the click would;
        // a test that wants to see a refusal declines them for its page.
        page.Dialog += async (_, dialog) =>
        {
            dialogs[page] = dialog.Message;
            if (declining.TryGetValue(page, out var decline) && decline)
            {
                await dialog.DismissAsync();
            }
            else
            {
                await dialog.AcceptAsync();
            }
        };
        return page;
    }

    /// <summary>From now on, the page's confirmation dialogs are dismissed (or, with <paramref name="decline"/> false, accepted again).</summary>
    public void DeclineConfirmations(IPage page, bool decline = true) => declining[page] = decline;

    /// <summary>The text of the last dialog the page showed, or null when it showed none.</summary>
    public string? LastDialog(IPage page) => dialogs.TryGetValue(page, out var message) ? message : null;

    /// <param name="landing">Where the login lands: the dashboard, or the password page for an account whose password someone else chose.</param>
    public async Task<IPage> LoggedInAsync(string username, string password = Password, string landing = "**/console")
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/console");
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(landing);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
