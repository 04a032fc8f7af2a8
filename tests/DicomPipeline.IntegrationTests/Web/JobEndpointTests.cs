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

    private async Task<string> PostAsync(HttpClient client)
    {
        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!;
    }
}
