using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace CommunityFund.Browser.Tests.Harness;

/// <summary>A page opened in its own browser context, with what it logged and asked for; closing it closes the context.</summary>
public sealed class PageVisit : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _requests = new();

    internal PageVisit(IBrowserContext context, IPage page, int width)
    {
        (_context, Page, Width) = (context, page, width);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Enqueue(message.Text + " (" + message.Location + ")");
            }
        };
        page.PageError += (_, error) => _consoleErrors.Enqueue("uncaught: " + error);
        page.Request += (_, request) => _requests.Enqueue(request.Url);
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>The viewport's width in CSS pixels.</summary>
    public int Width { get; }

    /// <summary>The answer to the navigation that opened the page.</summary>
    public IResponse? Response { get; internal set; }

    /// <summary>The console's errors and the page's uncaught exceptions so far.</summary>
    public IReadOnlyCollection<string> ConsoleErrors => _consoleErrors;

    /// <summary>Every URL the page requested so far.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Saves a full-page screenshot to <c>artifacts/browser/{name}.png</c> under the repository's root; answers its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ArtifactsDirectory(), name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Whether the page is wider than the viewport (a phone would scroll sideways).</summary>
    public async Task<bool> OverflowsAsync() =>
        await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    /// <summary>The text of every cell of the rows matched by <paramref name="rowSelector"/>.</summary>
    public Task<string[][]> CellsAsync(string rowSelector) =>
        Page.Locator(rowSelector).EvaluateAllAsync<string[][]>("rows => rows.map(r => Array.from(r.cells, c => c.textContent))");

    /// <summary>The <c>data-value</c> of each cell (empty where it has none) of the rows matched by <paramref name="rowSelector"/>.</summary>
    public Task<string[][]> CellValuesAsync(string rowSelector) =>
        Page.Locator(rowSelector).EvaluateAllAsync<string[][]>("rows => rows.map(r => Array.from(r.cells, c => c.getAttribute('data-value') || ''))");

    /// <summary><c>artifacts/browser</c> under the repository's root (the folder holding CommunityFund.sln), created.</summary>
    public static string ArtifactsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CommunityFund.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("CommunityFund.sln not found above the test directory.");
        return Directory.CreateDirectory(Path.Combine(root, "artifacts", "browser")).FullName;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
