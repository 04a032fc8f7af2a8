using System.Net;
using System.Text.RegularExpressions;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// The page in headless Chromium against the app on a real Kestrel port of 127.0.0.1, as a research coordinator uses it:
/// signing in, picking a folder, a job's honest outcome and progress, the recent jobs after a reload, and the studies on
/// a real Orthanc. Each test saves a screenshot (its path is in the test's output).
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed partial class WebPageTests(WebFixture fixture, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumBrowser>, IAsyncLifetime
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
    public async Task Page_WithoutTheKey_ShowsOnlySignInAndAWrongKeyIsRefused()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        var page = await NewPageAsync();

        await page.GotoAsync(address.ToString());

        await Assertions.Expect(page.Locator("#sign-in-card")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#app")).ToBeHiddenAsync();
        await page.FillAsync("#api-key", "not-the-key");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("Wrong key");
        await Assertions.Expect(page.Locator("#app")).ToBeHiddenAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "web-sign-in", output);

        await page.FillAsync("#api-key", WebFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Page_SubmitFolderWithCsv_ShowsProgressThenSucceededWithDownloads()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        var csv = await WriteCsvAsync(fixture.TrialCsv());
        var page = await SignedInPageAsync(address);

        await page.FillAsync("#dir_path", fixture.CorpusDirectory);
        (await page.IsCheckedAsync("#anonymize_flag")).Should().BeTrue("de-identification is on by default");
        await page.SetInputFilesAsync("#csv_file", csv);
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#job-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("#job-counts")).ToContainTextAsync("12 of 12 files handled (100 %)");
        await Assertions.Expect(page.Locator("dd[data-count='Stored']")).ToHaveTextAsync("12");
        await Assertions.Expect(page.Locator("#result-upload")).ToContainTextAsync("12 uploaded");
        await Assertions.Expect(page.Locator("#result-problems")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync("clinical.csv");
        await Assertions.Expect(page.Locator("#downloads a")).ToHaveCountAsync(2);
        await ChromiumBrowser.ScreenshotAsync(page, "web-result", output);
    }

    [Fact]
    public async Task Page_OrthancDown_SaysNotUploadedAndWhereTheFilesAreKept()
    {
        var settings = fixture.SettingsWithOrthancDown();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);

        await SubmitAsync(page, fixture.CorpusDirectory);

        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded with problems");
        await Assertions.Expect(page.Locator("#job-state")).Not.ToHaveTextAsync("Done");
        await Assertions.Expect(page.Locator("#result-problems")).ToContainTextAsync(
            new Regex("Not uploaded: server unreachable — 12 files kept in " + Regex.Escape(settings["DicomPipeline:Output:Directory"]!)));
        await Assertions.Expect(page.Locator("#result")).Not.ToContainTextAsync("running the same command");
        await ChromiumBrowser.ScreenshotAsync(page, "web-orthanc-down", output);
    }

    [Fact]
    public async Task Page_ConfiguredDestinationDown_NamesItWithItsCountsAndWhy()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Destinations:0:Uri"] = "dicom://NOBODY@127.0.0.1:1";
        settings["DicomPipeline:Destinations:0:ConnectTimeout"] = "00:00:02";
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);

        await SubmitAsync(page, fixture.CorpusDirectory);

        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded with problems");
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync("dicom://NOBODY@127.0.0.1:1");
        await Assertions.Expect(page.Locator("#result-upload")).ToContainTextAsync("dicom://NOBODY@127.0.0.1:1: 0 sent, 0 already there, 0 refused, 12 not sent.");
        await Assertions.Expect(page.Locator("#result-problems")).ToContainTextAsync("dicom://NOBODY@127.0.0.1:1: 12 files were not sent (Cannot reach NOBODY@127.0.0.1:1");
        await ChromiumBrowser.ScreenshotAsync(page, "web-destination-down", output);
    }

    [Fact]
    public async Task Page_EveryFileHeldBack_IsFailedWithTheReasonAndTheCsvKeysWithoutImages()
    {
        var settings = SettingsWithoutUpload();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var csv = await WriteCsvAsync("OriginalPatientID,Arm\nNOBODY-1,A\nNOBODY-2,B\n");
        var page = await SignedInPageAsync(address);

        await SubmitAsync(page, fixture.CorpusDirectory, csv);

        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Failed");
        await Assertions.Expect(page.Locator("#result-problems")).ToContainTextAsync("Nothing was stored");
        await Assertions.Expect(page.Locator("#result-problems")).ToContainTextAsync("12 files held back:");
        await Assertions.Expect(page.Locator("#result-deidentified")).ToContainTextAsync("De-identified by this run: 0 of 12 files");
        await Assertions.Expect(page.Locator("#result-files-summary")).ToHaveTextAsync("12 files not de-identified (12 not stored)");
        await Assertions.Expect(page.Locator("#result-files-body tr")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("#result-files-body tr").First).ToContainTextAsync("held back");
        await Assertions.Expect(page.Locator("#result-csv")).ToHaveTextAsync("CSV lines without images: 2 — line 2 (NOBODY-1), line 3 (NOBODY-2).");
        await ChromiumBrowser.ScreenshotAsync(page, "web-all-held-back", output);
    }

    [Fact]
    public async Task Page_EmptyCsv_IsRefusedWithAReason()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        var csv = await WriteCsvAsync(string.Empty);
        var page = await SignedInPageAsync(address);

        await SubmitAsync(page, fixture.CorpusDirectory, csv);

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("csv_file is empty");
        await Assertions.Expect(page.Locator("#job")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Page_DeidentificationUnchecked_AsksBeforeUploadingIdentifiableData()
    {
        var settings = SettingsWithoutUpload();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);
        await page.FillAsync("#dir_path", fixture.CorpusDirectory);

        await Assertions.Expect(page.Locator("#identifiable-warning")).ToBeHiddenAsync();
        await page.UncheckAsync("#anonymize_flag");
        await Assertions.Expect(page.Locator("#identifiable-warning")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#identifiable-warning")).ToContainTextAsync("copied out identified");
        await Assertions.Expect(page.Locator("#submit")).ToHaveTextAsync("Start without de-identifying");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#identifiable-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#identifiable-dialog")).ToContainTextAsync("names, IDs");
        await ChromiumBrowser.ScreenshotAsync(page, "web-identifiable-confirmation", output);
        await page.ClickAsync("#identifiable-cancel");

        await Assertions.Expect(page.Locator("#identifiable-dialog")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#job")).ToBeHiddenAsync();
        (await page.IsCheckedAsync("#anonymize_flag")).Should().BeTrue("keeping it on puts the tick back");
        await Assertions.Expect(page.Locator("#identifiable-warning")).ToBeHiddenAsync();
        using (var client = app.CreateKestrelClient(address))
        {
            (await client.GetStringAsync(new Uri("/jobs", UriKind.Relative))).Should().Be("[]", "nothing was started");
        }

        await page.UncheckAsync("#anonymize_flag");
        await page.ClickAsync("#submit");
        await page.ClickAsync("#identifiable-confirm");
        await Assertions.Expect(page.Locator("#job-identified")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#job-identified")).ToContainTextAsync("Not de-identified");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync("no de-identification");
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync("No — not de-identified");
        await Assertions.Expect(page.Locator("#job-identified")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result-deidentified")).ToContainTextAsync("Not de-identified: de-identification was off for this job, so 12 stored files were copied out identified");
        await Assertions.Expect(page.Locator("#result-files-summary")).ToHaveTextAsync("12 files not de-identified");
        await Assertions.Expect(page.Locator("#result-files-body tr")).ToHaveTextAsync([new Regex("^All 12 stored files\\s*copied out identified\\s*de-identification was off")]);
        await Assertions.Expect(page.Locator("#jobs-body tr")).ToContainTextAsync("No — not de-identified");
        (await AxeCore.ViolationsAsync(page)).Should().BeEmpty("the page of a job run without de-identification, its warnings included");
        await ChromiumBrowser.ScreenshotAsync(page, "web-not-deidentified", output);
    }

    [Fact]
    public async Task Page_Reload_ShowsTheRecentJobsWithTheirDetailsAndDownloads()
    {
        var settings = SettingsWithoutUpload();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);
        await SubmitAsync(page, fixture.CorpusDirectory);
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync(fixture.CorpusDirectory);
        await Assertions.Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#jobs-body tr")).ToContainTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("#downloads a")).ToHaveTextAsync(["Download report.json", "Download manifest.csv"]);
        foreach (var href in await page.Locator("#downloads a").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"))
        {
            (await page.EvaluateAsync<int>("url => fetch(url).then(r => r.status)", href)).Should().Be(200, href);
        }

        await page.GotoAsync(address.ToString());
        await page.ClickAsync("#jobs-body button");
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded");
        await ChromiumBrowser.ScreenshotAsync(page, "web-recent-jobs", output);
    }

    [Fact]
    public async Task Page_AllowedFolders_AreShownBeforeTheFirstTryAndCanBePicked()
    {
        var settings = SettingsWithoutUpload();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);

        await Assertions.Expect(page.Locator("#roots button")).ToHaveTextAsync([fixture.AllowedRoot]);
        await page.ClickAsync("#roots button");
        await Assertions.Expect(page.Locator("#browse-path")).ToHaveTextAsync(fixture.AllowedRoot);
        await page.ClickAsync("#folder-list button:text-is('corpus/')");
        await Assertions.Expect(page.Locator("#dir_path")).ToHaveValueAsync(fixture.CorpusDirectory);
        await ChromiumBrowser.ScreenshotAsync(page, "web-folder-picker", output);

        await page.FillAsync("#dir_path", fixture.CorpusDirectory + "  \n");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Page_FolderOutsideTheRoots_ShowsWhy()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);

        await SubmitAsync(page, fixture.OutsideDirectory);

        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("outside the allowed input roots");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync(fixture.AllowedRoot);
        await Assertions.Expect(page.Locator("#job")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Page_SlowJob_ShowsTheTotalBeforeTheFirstFileCompletes()
    {
        var settings = SettingsWithoutUpload();
        var loader = new GatedLoader(firstPause: 0, secondPause: 12);
        await using var app = new WebAppFactory(settings, loader.Register);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);
        await SubmitAsync(page, fixture.CorpusDirectory);

        // The walk holds its first file: nothing is handled yet, and the total is already on the page and on the bar.
        await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("#job-counts")).ToContainTextAsync(new Regex("^0 of 12 files handled \\(0 %\\)"));
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuemax", "12");
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuenow", "0");
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuetext", "0 of 12 files");
        await ChromiumBrowser.ScreenshotAsync(page, "web-progress-before-first-file", output);

        loader.ReleaseFirst();
        loader.ReleaseSecond();
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuenow", "12");
    }

    [Fact]
    public async Task Page_Progress_IsAPercentageOfTheCountedTotalBeforeTheWalkEnds()
    {
        var settings = SettingsWithoutUpload();
        var loader = new GatedLoader(firstPause: 6, secondPause: 9);
        await using var app = new WebAppFactory(settings, loader.Register);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);
        await SubmitAsync(page, fixture.CorpusDirectory);

        await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("#job-counts")).ToContainTextAsync(new Regex("^6 of 12 files handled \\(50 %\\)"));
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuemax", "12");
        await ChromiumBrowser.ScreenshotAsync(page, "web-progress-walking", output);

        loader.ReleaseFirst();
        await loader.SecondPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("#job-counts")).ToContainTextAsync(new Regex("^9 of 12 files handled \\(75 %\\)"));
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveAttributeAsync("aria-valuenow", "9");
        await ChromiumBrowser.ScreenshotAsync(page, "web-progress-counting", output);

        loader.ReleaseSecond();
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Page_StudyList_ShowsDatesNamesTheIdentifiableFlagPagingAndSearch_AndCopiesInPlainWords()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        var page = await PageWithThreeStudiesAsync(app, anonymize: "false");

        await Assertions.Expect(page.Locator("#studies-body tr.identifiable")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#studies-body tr").First).ToContainTextAsync("No — identifiable");
        await Assertions.Expect(page.Locator("#studies-body tr td:nth-child(3)").First).ToHaveTextAsync(new Regex("^\\d{4}-\\d{2}-\\d{2}$"));
        await Assertions.Expect(page.Locator("#studies-body tr td:nth-child(1)").First).Not.ToHaveTextAsync("(no name)");

        await page.SelectOptionAsync("#studies-page-size", "2");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#studies-page")).ToHaveTextAsync("Page 1 of 2");
        await page.ClickAsync("#studies-next");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(1);

        await page.FillAsync("#study-search", fixture.Corpus.PatientIds[1]);
        await page.ClickAsync("#study-search-button");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#studies-body tr")).ToContainTextAsync(fixture.Corpus.PatientIds[1]);
        await Assertions.Expect(page.Locator("#studies-summary")).ToContainTextAsync("1 of 3 studies match");

        await page.FillAsync("#study-search", string.Empty);
        await page.SelectOptionAsync("#studies-page-size", "20");
        await page.ClickAsync("#anonymize-all");
        await Assertions.Expect(page.Locator("#anonymize-dialog")).ToContainTextAsync("The originals stay on the server, unchanged");
        await page.ClickAsync("#anonymize-confirm");
        await Assertions.Expect(page.Locator("#chore-result")).ToHaveTextAsync("3 anonymized copies made. The originals are unchanged.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("6 studies on Orthanc.");
        await Assertions.Expect(page.Locator("#studies-body tr.identifiable")).ToHaveCountAsync(3);
        await ChromiumBrowser.ScreenshotAsync(page, "web-studies", output);

        await page.ClickAsync("#anonymize-all");
        await page.ClickAsync("#anonymize-confirm");
        await Assertions.Expect(page.Locator("#chore-result")).ToHaveTextAsync(
            "3 studies already had a copy, so nothing new was made for them; 3 studies are copies themselves and were left as they are. The originals are unchanged.",
            new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Page_StudiesCannotBeListed_DeleteIsDisabled()
    {
        var settings = fixture.SettingsWithOrthancDown();
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        var page = await SignedInPageAsync(address);

        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("The studies could not be listed.");
        await Assertions.Expect(page.Locator("#studies-error")).ToContainTextAsync("not reachable");
        await Assertions.Expect(page.Locator("#delete-all")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Page_StudiesFromOrthanc_DeleteAllNeedsTheirNumberTyped()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        var page = await PageWithThreeStudiesAsync(app, anonymize: "true");

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

        await Assertions.Expect(page.Locator("#chore-result")).ToHaveTextAsync("Deleted 3 studies.");
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("0 studies on Orthanc.");
        await using var connection = OrthancConnection.Create(orthanc.ClientOptions());
        (await connection.Client.ListStudiesAsync().ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Page_DeleteAllRefused_SaysWhyAndTheReasonStaysAfterTheListReloads()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        var page = await PageWithThreeStudiesAsync(app, anonymize: "true");

        // The token is spent elsewhere (another tab, a script) before this page uses it.
        await page.RouteAsync("**/studies?token=*", route => route.ContinueAsync(new() { Url = route.Request.Url.Split('?')[0] + "?token=spent" }));
        await page.ClickAsync("#delete-all");
        await page.FillAsync("#delete-confirm", "3");
        await page.ClickAsync("#delete-confirm-button");

        // The list reloads after the refusal; the reason must still be there once it has.
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("3 studies on Orthanc.");
        await page.ClickAsync("#refresh-studies");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#chore-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chore-error")).ToContainTextAsync("Delete all refused");
        await Assertions.Expect(page.Locator("#chore-error")).ToContainTextAsync("nothing was deleted");
        await ChromiumBrowser.ScreenshotAsync(page, "web-delete-refused", output);
    }

    [Fact]
    public async Task Page_SignInAndAFinishedJob_HaveNoWcagLevelAOrAAViolations()
    {
        // Orthanc down: the job ends with problems and the studies cannot be listed, so the warning and error colours show.
        await using var app = new WebAppFactory(fixture.SettingsWithOrthancDown());
        var address = app.StartKestrel();
        var page = await NewPageAsync();
        await page.GotoAsync(address.ToString());
        await Assertions.Expect(page.Locator("#sign-in-card")).ToBeVisibleAsync();
        (await AxeCore.ViolationsAsync(page)).Should().BeEmpty("the sign-in page");

        await page.FillAsync("#api-key", WebFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await SubmitAsync(page, fixture.CorpusDirectory);
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#studies-summary")).Not.ToHaveTextAsync("Loading…");
        await Assertions.Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded with problems");
        (await AxeCore.ViolationsAsync(page)).Should().BeEmpty("the page with a job finished with problems, its result and the studies' error");

        (await page.Locator("#job-state").GetAttributeAsync("role")).Should().Be("status", "job state changes are announced");
        (await page.Locator("#job-progress").GetAttributeAsync("aria-label")).Should().NotBeNullOrEmpty("the progress bar has a name");
        await ChromiumBrowser.ScreenshotAsync(page, "web-axe", output);
    }

    [Fact]
    public async Task Page_At390PixelsWide_HasNoHorizontalOverflowAndTablesScrollInTheirBox()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        var address = app.StartKestrel();
        await RunThroughApiAsync(app, address, "false");
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(address.ToString());
        await page.FillAsync("#api-key", WebFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(3);
        await page.ClickAsync("#jobs-body button");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        var wide = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-box')).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        overflow.Should().BeLessThanOrEqualTo(0, "nothing may stick out of a 390 px screen: " + string.Join(", ", wide));
        var boxes = await page.EvaluateAsync<bool[]>(
            "() => [...document.querySelectorAll('table')].filter(t => t.offsetParent).map(t => getComputedStyle(t.parentElement).overflowX === 'auto')");
        boxes.Should().NotBeEmpty().And.OnlyContain(scrolls => scrolls);
        await ChromiumBrowser.ScreenshotAsync(page, "web-390px", output);
    }

    /// <summary>Runs the corpus through the app (on Kestrel) into its Orthanc, then opens the page, which lists the three studies.</summary>
    private async Task<IPage> PageWithThreeStudiesAsync(WebAppFactory app, string anonymize)
    {
        var address = app.StartKestrel();
        await RunThroughApiAsync(app, address, anonymize);
        var page = await SignedInPageAsync(address);
        await Assertions.Expect(page.Locator("#studies-summary")).ToHaveTextAsync("3 studies on Orthanc.");
        await Assertions.Expect(page.Locator("#studies-body tr")).ToHaveCountAsync(3);
        return page;
    }

    private async Task RunThroughApiAsync(WebAppFactory app, Uri address, string anonymize)
    {
        using var client = app.CreateKestrelClient(address);
        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, anonymize);
        post.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
    }

    private Dictionary<string, string?> SettingsWithoutUpload()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        return settings;
    }

    private static async Task SubmitAsync(IPage page, string dirPath, string? csv = null)
    {
        await page.FillAsync("#dir_path", dirPath);
        if (csv is not null)
        {
            await page.SetInputFilesAsync("#csv_file", csv);
        }

        await page.ClickAsync("#submit");
    }

    private async Task<string> WriteCsvAsync(string text)
    {
        var csv = Path.Combine(fixture.NewFolder("csv"), "clinical.csv");
        await File.WriteAllTextAsync(csv, text);
        return csv;
    }

    private async Task<IPage> SignedInPageAsync(Uri address)
    {
        var page = await WebPages.SignedInAsync(chromium, address);
        _contexts.Add(page.Context);
        return page;
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await WebPages.NewAsync(chromium);
        _contexts.Add(page.Context);
        return page;
    }
}
