using System.Net;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// A job of the web sample sends to every destination of <c>DicomPipeline:Destinations</c>: DCMTK's storescp over the
/// DICOM network protocol and Orthanc's DICOMweb plugin over STOW-RS, counted on each server.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class DestinationEndpointTests(WebFixture fixture)
{
    [Fact]
    public async Task Post_DestinationsConfigured_EveryInstanceLandsOnEachServerAndTheJobShowsEach()
    {
        await using var storescp = await StorescpServer.StartAsync();
        await using var dicomWeb = await OrthancDestinationServerFixture.StartAsync();
        var settings = fixture.Settings();
        settings["DicomPipeline:Destinations:0:Uri"] = storescp.Uri;
        settings["DicomPipeline:Destinations:1:Uri"] = dicomWeb.DicomWebUri;
        settings["DicomPipeline:Destinations:1:Username"] = OrthancServer.Username;
        settings["DicomPipeline:Destinations:1:Password"] = dicomWeb.Server.Password;
        var restBefore = await CountInstancesAsync(fixture.Orthanc);
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);

        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        job.GetProperty("outcome").GetString().Should().Be("succeeded", job.ToString());
        Directory.EnumerateFiles(storescp.Folder).Should().HaveCount(12);
        (await dicomWeb.CountInstancesAsync()).Should().Be(12);
        (await CountInstancesAsync(fixture.Orthanc)).Should().Be(restBefore, "with destinations configured, the Orthanc REST upload is off unless asked for");

        var sent = job.GetProperty("result").GetProperty("report").GetProperty("destinations").EnumerateArray().ToList();
        sent.Select(d => d.GetProperty("destination").GetString()).Should().Equal(storescp.Uri, dicomWeb.DicomWebUri);
        sent.Should().OnlyContain(d => d.GetProperty("sent").GetInt32() == 12 && d.GetProperty("notSent").GetInt32() == 0 && d.GetProperty("problem").ValueKind == System.Text.Json.JsonValueKind.Null);
        job.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()).Should().Equal(storescp.Uri, dicomWeb.DicomWebUri);
        job.GetProperty("uploadToOrthanc").GetBoolean().Should().BeFalse();
        string.Join('\n', app.Logs).Should().NotContain(dicomWeb.Server.Password);
    }

    [Fact]
    public async Task Post_DestinationDown_SucceededWithProblemsAndTheDestinationSaysWhy()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Destinations:0:Uri"] = "dicom://NOBODY@127.0.0.1:1";
        settings["DicomPipeline:Destinations:0:ConnectTimeout"] = "00:00:02";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);

        job.GetProperty("outcome").GetString().Should().Be("succeededWithProblems", job.ToString());
        var sent = job.GetProperty("result").GetProperty("report").GetProperty("destinations").EnumerateArray().Should().ContainSingle().Subject;
        sent.GetProperty("notSent").GetInt32().Should().Be(12);
        sent.GetProperty("problem").GetString().Should().Contain("Cannot reach NOBODY@127.0.0.1:1");
    }

    [Fact]
    public async Task Post_UploadAndADestinationOnTheSameOrthanc_BothShownOnceEach()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        var settings = fixture.Settings(orthanc);
        settings["DicomPipeline:UploadToOrthanc"] = "true";
        settings["DicomPipeline:Destinations:0:Uri"] = "orthanc+" + orthanc.BaseUrl;
        settings["DicomPipeline:Destinations:0:Username"] = OrthancServer.Username;
        settings["DicomPipeline:Destinations:0:Password"] = orthanc.Password;
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);

        job.GetProperty("outcome").GetString().Should().Be("succeeded", job.ToString());
        var report = job.GetProperty("result").GetProperty("report");
        var upload = report.GetProperty("upload");
        (upload.GetProperty("uploaded").GetInt32() + upload.GetProperty("alreadyPresent").GetInt32()).Should().Be(12);
        var sent = report.GetProperty("destinations").EnumerateArray().Should().ContainSingle("the REST upload is shown as the upload, the configured destination as a destination").Subject;
        (sent.GetProperty("sent").GetInt32() + sent.GetProperty("alreadyPresent").GetInt32()).Should().Be(12, job.ToString());
        (await CountInstancesAsync(orthanc)).Should().Be(12);
    }

    private static async Task<long> CountInstancesAsync(OrthancServer server)
    {
        await using var connection = DicomPipeline.Orthanc.OrthancConnection.Create(server.ClientOptions());
        return (await connection.Client.GetStatisticsAsync()).CountInstances;
    }
}
