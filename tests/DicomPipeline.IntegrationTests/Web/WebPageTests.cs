using System.Net;
using System.Text.RegularExpressions;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;
using Microsoft.Playwright;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// The page in headless Chromium against the app on a real Kestrel port of 127.0.0.1: the form runs a job and shows its
/// progress and counts, a refused folder shows the reason, and the studies on a real Orthanc can be deleted only by
/// typing their number.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed partial class WebPageTests(WebFixture fixture, ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Page_SubmitFolderWithCsv_ShowsProgressThenTheCounts()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        address.Host.Should().Be("127.0.0.1");
        var csv = Path.Combine(fixture.NewFolder("csv"), "clinical.csv");
        await File.WriteAllTextAsync(csv, fixture.TrialCsv());
        var page = await NewPageAsync();

        await page.GotoAsync(address.ToString());
        await page.FillAsync("#dir_path", fixture.CorpusDirectory);
        (await page.IsCheckedAsync("#anonymize_flag")).Should().BeTrue("de-identification is on by default");
        await page.SetInputFilesAsync("#csv_file", csv);
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#job-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Done");
        await Assertions.Expect(page.Locator("#job-counts")).ToContainTextAsync("12 of 12 files handled");
        await Assertions.Expect(page.Locator("dd[data-count='Found']")).ToHaveTextAsync("12");
        await Assertions.Expect(page.Locator("dd[data-count='Stored']")).ToHaveTextAsync("12");
        await Assertions.Expect(page.Locator("dd[data-count='Skipped']")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#result-upload")).ToContainTextAsync("12 uploaded");
        await Assertions.Expect(page.Locator("#result-output")).ToContainTextAsync(fixture.Root);
        (await page.EvaluateAsync<double>("document.getElementById('job-progress').value")).Should().Be(12);

        Directory.CreateDirectory(ChromiumBrowser.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotDirectory, "web-result.png"), FullPage = true });
    }

    [Fact]
    public async Task Page_FolderOutsideTheRoots_ShowsWhy()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        var page = await NewPageAsync();

        await page.GotoAsync(address.ToString());
        await page.FillAsync("#dir_path", fixture.OutsideDirectory);
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("outside the allowed input roots");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync(fixture.AllowedRoot);
        await Assertions.Expect(page.Locator("#job")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Page_StudiesFromOrthanc_DeleteAllNeedsTheirNumberTyped()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        var address = app.StartKestrel();
        using (var client = app.CreateKestrelClient(address))
        {
            using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
            post.StatusCode.Should().Be(HttpStatusCode.Accepted);
            var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
            job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        }

        var page = await NewPageAsync();
        await page.GotoAsync(address.ToString());
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("3 studies on Orthanc.");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(3);

        await page.ClickAsync("#delete-all");
        await Assertions.Expect(page.Locator("#delete-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#delete-count")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#delete-confirm-button")).ToBeDisabledAsync();
        await page.FillAsync("#delete-confirm", "2");
        await Assertions.Expect(page.Locator("#delete-confirm-button")).ToBeDisabledAsync();
        await page.ClickAsync("#delete-cancel");
        await Assertions.Expect(page.Locator("#delete-dialog")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(3);

        await page.ClickAsync("#delete-all");
        await page.FillAsync("#delete-confirm", "3");
        await Assertions.Expect(page.Locator("#delete-confirm-button")).ToBeEnabledAsync();
        await page.ClickAsync("#delete-confirm-button");

        await Assertions.Expect(page.Locator("#chore-result")).ToHaveTextAsync(DeletedThree());
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("0 studies on Orthanc.");
        await using var connection = OrthancConnection.Create(orthanc.ClientOptions());
        (await connection.Client.ListStudiesAsync().ToListAsync()).Should().BeEmpty();
    }

    [GeneratedRegex("Deleted: 3 deleted")]
    private static partial Regex DeletedThree();

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }
}
