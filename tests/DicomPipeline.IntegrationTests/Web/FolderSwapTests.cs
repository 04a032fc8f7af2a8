using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Issue 27, time of check to time of use: a job's folder is checked when it is posted and read when its turn comes; a
/// folder swapped for a link out of the allowed roots in between must read nothing from outside.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class FolderSwapTests(WebFixture fixture)
{
    [Fact]
    public async Task Job_FolderSwappedForALinkOutsideWhileQueued_ReadsNothingOutside()
    {
        var victim = Path.Combine(fixture.AllowedRoot, "swap-" + Guid.NewGuid().ToString("N")[..8]);
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8, Seed = 31 })
            .WriteAsync(victim);
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        var loader = new GatedLoader(firstPause: 1, secondPause: int.MaxValue);
        await using var app = new WebAppFactory(settings, loader.Register);
        using var client = app.CreateClient();

        // The first job holds the only runner, so the second waits in the queue after its folder was checked.
        using var first = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
        using var second = await WebRequests.PostUploadAsync(client, victim);
        second.StatusCode.Should().Be(HttpStatusCode.Accepted, "the folder was inside the allowed root when posted");
        var statusUrl = (await WebRequests.JsonAsync(second)).GetProperty("statusUrl").GetString()!;

        Directory.Delete(victim, recursive: true);
        Directory.CreateSymbolicLink(victim, fixture.OutsideDirectory);
        loader.ReleaseFirst();
        loader.ReleaseSecond();

        var job = await WebRequests.WaitForJobAsync(client, statusUrl);
        var result = job.GetProperty("result");
        result.GetProperty("stored").GetInt32().Should().Be(0, job.ToString());
        Directory.EnumerateFiles(result.GetProperty("outputDirectory").GetString()!, "*.dcm", SearchOption.AllDirectories)
            .Should().BeEmpty("nothing outside the allowed root may be read");
        job.GetProperty("outcome").GetString().Should().Be("failed");
        result.GetProperty("report").GetProperty("notStoredReasons")[0].GetProperty("reason").GetString()
            .Should().Contain("symbolic link");
    }
}
