using Microsoft.Playwright;

namespace CommunityFund.Browser.Tests.Harness;

/// <summary>
/// One API (demo ledger, March 2026 closed and published) and one headless Chromium for a test class; each test opens
/// its own pages (a fresh browser context: its own sessionStorage and cookies) with <see cref="OpenAsync"/>.
/// Reusable for any page the API serves (the trustees' dashboard, the public page).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The API the pages are served by.</summary>
    public DemoApi Api { get; } = new();

    /// <summary>Starts the API, publishes a month and launches Chromium. In CI a missing Chromium fails here.</summary>
    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            // Every test is skipped here (no Chromium, not CI): start nothing.
            return;
        }

        if (!Chromium.IsInstalled)
        {
            throw new InvalidOperationException($"Chromium is not installed at {Chromium.ExecutablePath}; CI installs it (apt-get install -y chromium).");
        }

        Api.Start();
        await Api.PublishMarchAsync();
        // Never download a browser: the system's Chromium is launched by path.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>Opens <paramref name="path"/> of the API in a new context <paramref name="width"/> pixels wide, collecting
    /// the console's errors, the page's uncaught exceptions and every request it makes; with <paramref name="javaScript"/>
    /// <c>false</c> the page is opened as a browser with JavaScript off sees it.</summary>
    public async Task<PageVisit> OpenAsync(string path, int width, int height = 800, bool javaScript = true)
    {
        var context = await (_browser ?? throw new InvalidOperationException("The fixture is not initialised.")).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "zh-CN",
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        var visit = new PageVisit(context, page, width);
        visit.Response = await page.GotoAsync(new Uri(Api.Address, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return visit;
    }

    /// <summary>Closes the browser and stops the API.</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Api.DisposeAsync();
    }
}
