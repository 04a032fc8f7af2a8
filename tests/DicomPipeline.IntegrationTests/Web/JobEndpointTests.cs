using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary><c>GET /jobs/{id}</c> and <c>DELETE /jobs/{id}</c>, with a pipeline that runs until it is cancelled.</summary>
[Collection(WebTestsDefinition.Name)]
public sealed class JobEndpointTests(WebFixture fixture)
{
    [Theory]
    [InlineData("/jobs/0b7e6a4c3d2f4e5a9b8c7d6e5f4a3b2c")]
    [InlineData("/jobs/not-a-job")]
    public async Task Get_UnknownJob_Returns404Problem(string url)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        await WebRequests.ProblemAsync(response, 404);
    }

    [Fact]
    public async Task Delete_UnknownJob_Returns404Problem()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await client.DeleteAsync(new Uri("/jobs/0b7e6a4c3d2f4e5a9b8c7d6e5f4a3b2c", UriKind.Relative));

        await WebRequests.ProblemAsync(response, 404);
    }

    [Fact]
    public async Task Delete_RunningAndQueuedJobs_CancelsBothAndTheNextRuns()
    {
        var pipeline = new WaitingPipeline();
        await using var app = new WebAppFactory(fixture.Settings(), services => services.AddSingleton<IDicomPipeline>(pipeline));
        using var client = app.CreateClient();

        var running = await PostAsync(client);
        (await WebRequests.WaitForJobAsync(client, running, "running")).GetProperty("state").GetString().Should().Be("running");
        var queued = await PostAsync(client);
        (await WebRequests.JsonAsync(await client.GetAsync(new Uri(queued, UriKind.Relative)))).GetProperty("state").GetString().Should().Be("queued");

        using (var cancel = await client.DeleteAsync(new Uri(queued, UriKind.Relative)))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await WebRequests.JsonAsync(cancel)).GetProperty("state").GetString().Should().Be("cancelled", "a queued job is cancelled at once");
        }

        using (var cancel = await client.DeleteAsync(new Uri(running, UriKind.Relative)))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        (await WebRequests.WaitForJobAsync(client, running)).GetProperty("state").GetString().Should().Be("cancelled");
        pipeline.Runs.Should().Be(1, "the cancelled queued job never ran");

        using (var again = await client.DeleteAsync(new Uri(running, UriKind.Relative)))
        {
            (await WebRequests.ProblemAsync(again, 409)).GetProperty("detail").GetString().Should().Contain("cancelled");
        }

        var next = await PostAsync(client);
        (await WebRequests.WaitForJobAsync(client, next, "running")).GetProperty("state").GetString().Should().Be("running", "the runner goes on after a cancellation");
        using (await client.DeleteAsync(new Uri(next, UriKind.Relative)))
        {
        }
    }

    [Fact]
    public async Task Post_WhenTheQueueIsFull_Returns503BeforeReadingTheCsv()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Limits:MaxQueuedJobs"] = "1";
        await using var app = new WebAppFactory(settings, services => services.AddSingleton<IDicomPipeline>(new WaitingPipeline()));
        using var client = app.CreateClient();
        var running = await PostAsync(client);
        await WebRequests.WaitForJobAsync(client, running, "running");
        await PostAsync(client);
        var malformed = "OriginalPatientID,PatientID\nP1,T1\nP1,T2\n";

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: malformed);

        await WebRequests.ProblemAsync(response, 503);
        using var plain = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        await WebRequests.ProblemAsync(plain, 503);
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Web:WorkDirectory"]!, "*.csv", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task Job_WhenThePipelineRefusesTheRun_FailsWithItsMessage()
    {
        var settings = fixture.Settings();
        settings.Remove("DicomPipeline:Anonymization:Secret");
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        var job = await WebRequests.WaitForJobAsync(client, await PostAsync(client));

        job.GetProperty("state").GetString().Should().Be("failed");
        job.GetProperty("error").GetString().Should().Contain("DicomPipeline:Anonymization:Secret");
    }

    [Fact]
    public async Task Job_CountCappedBelowTheFolder_SaysMoreThanTheCapWhileTheWalkGoesOn()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        settings["DicomPipeline:Limits:MaxCountedFiles"] = "5";
        var loader = new GatedLoader(firstPause: 0, secondPause: 12);
        await using var app = new WebAppFactory(settings, loader.Register);
        using var client = app.CreateClient();
        var statusUrl = await PostAsync(client);

        await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));
        var progress = (await WebRequests.JsonAsync(await client.GetAsync(new Uri(statusUrl, UriKind.Relative)))).GetProperty("progress");

        progress.GetProperty("total").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "12 files, counted only up to 5: the total is not known yet");
        progress.GetProperty("moreThan").GetInt32().Should().Be(5);
        progress.GetProperty("counting").GetBoolean().Should().BeFalse();
        loader.ReleaseFirst();
        loader.ReleaseSecond();
        var job = await WebRequests.WaitForJobAsync(client, statusUrl);
        job.GetProperty("progress").GetProperty("total").GetInt32().Should().Be(12, "the walk has found them all");
    }

    [Theory]
    [InlineData("false", "not de-identified", 1, 2, "notes.txt")]
    [InlineData("true", "de-identified", 0, 1, "input file #1")]
    public async Task Job_NotDeidentifiedFiles_AreTheRunsOwnReportNotTheFilesClaim(string anonymize, string record, int storedIdentified, int notDeidentified, string listedAs)
    {
        // One file that claims Patient Identity Removed = YES, and one that is no DICOM file at all.
        var folder = Path.Combine(fixture.AllowedRoot, "claims-" + Guid.NewGuid().ToString("N")[..8]);
        var written = await new DicomPipeline.Testing.DicomCorpusSynthesizer(
            new DicomPipeline.Testing.SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8, Seed = 47 })
            .WriteAsync(folder);
        var file = DicomPipeline.Dicom.DicomFile.Open(written.Files[0]);
        file.Dataset.SetString(DicomPipeline.Dicom.DicomTag.PatientIdentityRemoved, "YES");
        await file.SaveAsync(Path.Combine(folder, "claims.dcm"));
        File.Delete(written.Files[0]);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not DICOM");
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        using var post = await WebRequests.PostUploadAsync(client, folder, anonymize);
        post.StatusCode.Should().Be(HttpStatusCode.Accepted, await post.Content.ReadAsStringAsync());

        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);

        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        job.GetProperty("deidentification").GetString().Should().Be(record);
        var result = job.GetProperty("result");
        result.GetProperty("stored").GetInt32().Should().Be(1);
        result.GetProperty("storedIdentified").GetInt32().Should().Be(storedIdentified, "the file's own claim counts for nothing");
        result.GetProperty("notDeidentified").GetInt32().Should().Be(notDeidentified);
        var notStored = result.GetProperty("report").GetProperty("notStored").EnumerateArray().ToList();
        notStored.Should().ContainSingle().Which.GetProperty("path").GetString().Should().EndWith(listedAs, "a de-identified job numbers the file as its report.json does");
        notStored[0].GetProperty("outcome").GetString().Should().Be("notDicom", "a text file is not DICOM: counted apart, not a failure");
        notStored[0].GetProperty("reason").GetString().Should().NotBeNullOrEmpty();
        var listed = (await WebRequests.JsonAsync(await client.GetAsync(new Uri("/jobs", UriKind.Relative)))).EnumerateArray().Single();
        listed.GetProperty("deidentification").GetString().Should().Be(record, "the job record says it too");
    }

    private async Task<string> PostAsync(HttpClient client)
    {
        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!;
    }
}
