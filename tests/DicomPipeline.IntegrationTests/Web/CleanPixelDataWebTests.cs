using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Issue 24's checkbox: the form's <c>clean_pixel_data</c> switches the Clean Pixel Data option for one job (the library's
/// <c>PipelineRequest.CleanPixelData</c>), the job says what it asked and what the scan did, and the page offers it only
/// with de-identification.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class CleanPixelDataWebTests(WebFixture fixture, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private IPage? _page;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Post_CleanPixelDataOn_JobScansEveryImageAndSaysSo()
    {
        await using var app = new WebAppFactory(WithoutUpload());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true", cleanPixelData: "true");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        job.GetProperty("cleanPixelData").GetBoolean().Should().BeTrue();
        var report = job.GetProperty("result").GetProperty("report");
        report.GetProperty("options").EnumerateArray().Select(o => o.GetString()).Should().Contain("CleanPixelData");
        report.GetProperty("imagesScanned").GetInt32().Should().Be(12);
    }

    [Fact]
    public async Task Post_CleanPixelDataLeftOut_TheConfiguredChoiceRuns()
    {
        await using var app = new WebAppFactory(WithoutUpload());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");

        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("cleanPixelData").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        job.GetProperty("result").GetProperty("report").GetProperty("imagesScanned").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("false", "true", "clean_pixel_data needs de-identification")]
    [InlineData("true", "maybe", "Invalid clean_pixel_data")]
    public async Task Post_CleanPixelDataRefused_Returns400WithTheReason(string anonymize, string clean, string title)
    {
        await using var app = new WebAppFactory(WithoutUpload());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, anonymize, cleanPixelData: clean);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await WebRequests.JsonAsync(response)).GetProperty("title").GetString().Should().Be(title);
    }

    [Fact]
    public async Task Page_CleanPixelDataTicked_ResultCountsTheImagesScanned()
    {
        await using var app = new WebAppFactory(WithoutUpload());
        var address = app.StartKestrel();
        var page = _page = await WebPages.SignedInAsync(chromium, address);

        // Off by default, and not offered without de-identification.
        (await page.IsCheckedAsync("#clean_pixel_data")).Should().BeFalse();
        await page.UncheckAsync("#anonymize_flag");
        await Assertions.Expect(page.Locator("#clean_pixel_data")).ToBeDisabledAsync();
        await page.CheckAsync("#anonymize_flag");
        await Assertions.Expect(page.Locator("#clean_pixel_data")).ToBeEnabledAsync();

        await page.CheckAsync("#clean_pixel_data");
        await page.FillAsync("#dir_path", fixture.CorpusDirectory);
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#result-pixels")).ToHaveTextAsync("Burned-in text: 12 images scanned, 0 with text blanked (0 boxes).");
        await Assertions.Expect(page.Locator("#job-details")).ToContainTextAsync("cleaned (Clean Pixel Data)");
        await ChromiumBrowser.ScreenshotAsync(page, "web-clean-pixel-data", output);
    }

    private Dictionary<string, string?> WithoutUpload()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        return settings;
    }
}
