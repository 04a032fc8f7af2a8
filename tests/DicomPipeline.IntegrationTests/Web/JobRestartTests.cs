using System.Net;
using System.Text.Json;
using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Issue 27: the job list survives a restart. The app is stopped with a job done, one running and one queued, and
/// started again on the same job database: the done job is listed with its report, the queued one runs, and the running
/// one reads interrupted and runs again with one click on the page.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class JobRestartTests(WebFixture fixture, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumBrowser>
{
    [Fact]
    public async Task Restart_WithJobsDoneRunningAndQueued_KeepsReportsRunsQueuedAndOffersARerun()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";

        string done;
        await using (var first = new WebAppFactory(settings))
        {
            using var client = first.CreateClient();
            done = await PostAsync(client);
            (await WebRequests.WaitForJobAsync(client, "/jobs/" + done)).GetProperty("outcome").GetString().Should().Be("succeeded");
        }

        string running;
        string queued;
        var loader = new GatedLoader(firstPause: 2, secondPause: int.MaxValue);
        await using (var second = new WebAppFactory(settings, loader.Register))
        {
            using var client = second.CreateClient();
            running = await PostAsync(client);
            await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
            queued = await PostAsync(client);
            (await StateAsync(client, running)).Should().Be("running");
            (await StateAsync(client, queued)).Should().Be("queued");
        }

        await using var third = new WebAppFactory(settings);
        var address = third.StartKestrel();
        using (var client = third.CreateKestrelClient(address))
        {
            using var list = await client.GetAsync(new Uri("/jobs", UriKind.Relative));
            var ids = (await WebRequests.JsonAsync(list)).EnumerateArray().Select(job => job.GetProperty("jobId").GetString()).ToList();
            ids.Should().BeEquivalentTo([done, running, queued]);

            var doneView = await WebRequests.WaitForJobAsync(client, "/jobs/" + done);
            doneView.GetProperty("outcome").GetString().Should().Be("succeeded");
            doneView.GetProperty("result").GetProperty("stored").GetInt32().Should().Be(12, "the report is kept with the job");
            using (var report = await client.GetAsync(new Uri($"/jobs/{done}/files/report.json", UriKind.Relative)))
            {
                report.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            var queuedView = await WebRequests.WaitForJobAsync(client, "/jobs/" + queued);
            queuedView.GetProperty("outcome").GetString().Should().Be("succeeded", "a job queued before the restart runs after it");
            (await StateAsync(client, running)).Should().Be("interrupted");
        }

        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            await page.GotoAsync(address + "#job=" + running);
            await page.FillAsync("#api-key", WebFixture.ApiKey);
            await page.ClickAsync("#sign-in");
            await Assertions.Expect(page.Locator("#job-state")).ToContainTextAsync("Interrupted");
            await Assertions.Expect(page.Locator("#rerun")).ToBeVisibleAsync();
            await ChromiumBrowser.ScreenshotAsync(page, "web-interrupted-job", output);

            await page.ClickAsync("#rerun");

            await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("dd[data-count='Stored']")).ToHaveTextAsync("12");
            await Assertions.Expect(page.Locator("#rerun")).ToBeHiddenAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task<string> PostAsync(HttpClient client)
    {
        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        post.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return (await WebRequests.JsonAsync(post)).GetProperty("jobId").GetString()!;
    }

    private static async Task<string?> StateAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync(new Uri("/jobs/" + id, UriKind.Relative));
        var view = await WebRequests.JsonAsync(response);
        return view.GetProperty("state").GetString();
    }
}
