using Microsoft.Playwright;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never a browser Playwright downloads). Starting it fails, and with
/// it every browser test, when <c>/usr/bin/chromium</c> is missing: these tests never skip. <c>.ci/run</c> installs it.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>
    /// Where screenshots go: <c>TestResults/screenshots</c> of the test project (where <c>dotnet test</c> writes its
    /// results), or beside the test assembly when the project folder cannot be found.
    /// </summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    /// <summary>Saves a full-page screenshot as <c>&lt;name&gt;.png</c> and prints its path to the test's output.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, Xunit.Abstractions.ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
        return path;
    }

    private static string FindScreenshotDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DicomPipeline.IntegrationTests.csproj")))
            {
                return Path.Combine(directory.FullName, "TestResults", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's chromium package (apt-get install chromium); .ci/run does.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
