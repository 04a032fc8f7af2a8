using System.Net;
using System.Text;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary><c>POST /upload-dicom/</c> against the real pipeline and a real Orthanc: the good path and every refusal.</summary>
[Collection(WebTestsDefinition.Name)]
public sealed class UploadEndpointTests(WebFixture fixture)
{
    [Fact]
    public async Task Post_FolderInsideRootWithCsv_SucceedsAndStudiesOnOrthancCarryTheCsvIdentities()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        var settings = fixture.Settings(orthanc);
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true", fixture.TrialCsv());
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await WebRequests.JsonAsync(response);
        var statusUrl = accepted.GetProperty("statusUrl").GetString()!;
        statusUrl.Should().Be("/jobs/" + accepted.GetProperty("jobId").GetGuid().ToString());
        response.Headers.Location!.ToString().Should().Be(statusUrl);

        var job = await WebRequests.WaitForJobAsync(client, statusUrl);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        var result = job.GetProperty("result");
        result.GetProperty("filesFound").GetInt32().Should().Be(12);
        result.GetProperty("stored").GetInt32().Should().Be(12);
        result.GetProperty("isComplete").GetBoolean().Should().BeTrue(job.ToString());
        var output = result.GetProperty("outputDirectory").GetString()!;
        output.Should().Be(Path.Combine(settings["DicomPipeline:Output:Directory"]!, accepted.GetProperty("jobId").GetGuid().ToString()));
        File.Exists(Path.Combine(output, "report.json")).Should().BeTrue();
        job.GetProperty("progress").GetProperty("stored").GetInt32().Should().Be(12);

        await using var connection = OrthancConnection.Create(orthanc.ClientOptions());
        var patientIds = new List<string>();
        await foreach (var id in connection.Client.ListStudiesAsync())
        {
            patientIds.Add((await connection.Client.GetStudyAsync(id))!.PatientId);
        }

        patientIds.Should().BeEquivalentTo(["TRIAL-001", "TRIAL-002", "TRIAL-003"]);

        // No identifying value of the corpus in any log line, and the temporary CSV is gone.
        var logs = string.Join('\n', app.Logs);
        foreach (var value in fixture.Corpus.IdentifyingValues.Where(v => v.Length >= 5))
        {
            logs.Should().NotContain(value);
        }

        logs.Should().NotContain(orthanc.Password);
        Directory.Exists(Path.Combine(Path.GetTempPath(), "dicompipeline-web", accepted.GetProperty("jobId").GetGuid().ToString())).Should().BeFalse();
    }

    [Fact]
    public async Task Post_WithoutTrailingSlashOrCsvOrFlag_RunsAnonymized()
    {
        await using var app = new WebAppFactory(WithoutUpload(fixture.Settings()));
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, path: "/upload-dicom");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        job.GetProperty("anonymize").GetBoolean().Should().BeTrue("a left-out anonymize_flag means de-identify");
        job.GetProperty("result").GetProperty("report").GetProperty("anonymized").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Post_DirPathOutsideRoots_Returns400NamingTheRootsAndReadsNothing()
    {
        var settings = fixture.Settings();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.OutsideDirectory);

        var problem = await WebRequests.ProblemAsync(response, 400);
        problem.GetProperty("detail").GetString().Should().Contain(fixture.AllowedRoot).And.Contain("outside");
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
    }

    [Theory]
    [InlineData("corpus/../../outside")]
    [InlineData("../outside")]
    [InlineData("corpus/../../../")]
    public async Task Post_DotDotEscapingTheRoot_Returns400(string relative)
    {
        var settings = fixture.Settings();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.AllowedRoot + "/" + relative);

        var problem = await WebRequests.ProblemAsync(response, 400);
        problem.GetProperty("detail").GetString().Should().Contain(fixture.AllowedRoot);
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_DotDotStayingInsideTheRoot_IsAccepted()
    {
        await using var app = new WebAppFactory(WithoutUpload(fixture.Settings()));
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.AllowedRoot + "/corpus/p01/../p02", "false");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("result").GetProperty("stored").GetInt32().Should().Be(4, "only p02 was read");
    }

    [Fact]
    public async Task Post_SymlinkEscapingTheRoot_Returns400AndReadsNothing()
    {
        var link = Path.Combine(fixture.AllowedRoot, "escape-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateSymbolicLink(link, fixture.OutsideDirectory);
        var chained = Path.Combine(fixture.AllowedRoot, "chain-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateSymbolicLink(chained, Path.GetFileName(link));
        var settings = fixture.Settings();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        foreach (var dirPath in new[] { link, chained, link + "/p01", Path.Combine(chained, ".") })
        {
            using var response = await WebRequests.PostUploadAsync(client, dirPath);
            var problem = await WebRequests.ProblemAsync(response, 400);
            problem.GetProperty("detail").GetString().Should().Contain("outside");
        }

        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_SymlinkToAFolderInsideTheRoot_IsAccepted()
    {
        var link = Path.Combine(fixture.AllowedRoot, "inside-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateSymbolicLink(link, "corpus/p03");
        await using var app = new WebAppFactory(WithoutUpload(fixture.Settings()));
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, link);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("result").GetProperty("stored").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task Post_NoRootsConfigured_RefusesEveryDirPathAndSaysHowToConfigure()
    {
        var settings = fixture.Settings();
        settings.Remove("DicomPipeline:AllowedInputRoots:0");
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        foreach (var dirPath in new[] { fixture.CorpusDirectory, "/", fixture.OutsideDirectory })
        {
            using var response = await WebRequests.PostUploadAsync(client, dirPath);
            var problem = await WebRequests.ProblemAsync(response, 400);
            problem.GetProperty("detail").GetString().Should().Contain("DicomPipeline:AllowedInputRoots").And.Contain("DicomPipeline__AllowedInputRoots__0");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/corpus")]
    public async Task Post_MissingOrRelativeDirPath_Returns400(string dirPath)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, dirPath);

        (await WebRequests.ProblemAsync(response, 400)).GetProperty("detail").GetString().Should().Contain(fixture.AllowedRoot);
    }

    [Fact]
    public async Task Post_DirPathThatIsNoFolder_Returns400()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, Path.Combine(fixture.AllowedRoot, "missing"));

        (await WebRequests.ProblemAsync(response, 400)).GetProperty("detail").GetString().Should().Contain("not an existing folder");
    }

    [Fact]
    public async Task Post_CsvOverTheLimit_Returns413AndWritesNothing()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Limits:MaxCsvBytes"] = "1000";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        var csv = "OriginalPatientID,PatientID\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"P{i},T{i}\n"));

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: csv);

        (await WebRequests.ProblemAsync(response, 413)).GetProperty("detail").GetString().Should().Contain("1000");
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_BodyFarOverTheLimit_Returns413BeforeReadingIt()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Limits:MaxCsvBytes"] = "1000";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: new string('x', 200_000));

        await WebRequests.ProblemAsync(response, 413);
    }

    [Fact]
    public async Task Post_MalformedCsv_Returns400WithLineAndColumnAndWritesNothing()
    {
        var settings = fixture.Settings();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        var secret = fixture.Corpus.PatientIds[0];
        var csv = $"OriginalPatientID,PatientID\n{secret},T1\n{secret},T2\n";

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: csv);

        var problem = await WebRequests.ProblemAsync(response, 400);
        problem.GetProperty("line").GetInt32().Should().Be(3);
        problem.GetProperty("column").GetInt32().Should().Be(1);
        problem.GetProperty("detail").GetString().Should().Contain("line 3, column 1").And.NotContain(secret);
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
        string.Join('\n', app.Logs).Should().NotContain(secret);
    }

    [Fact]
    public async Task Post_BadAnonymizeFlag_Returns400()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "perhaps");

        await WebRequests.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task Post_NotAForm_Returns415()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();
        using var body = new StringContent("{\"dir_path\":\"/\"}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/upload-dicom/", UriKind.Relative), body);

        await WebRequests.ProblemAsync(response, 415);
    }

    [Fact]
    public async Task Post_FromAnotherSite_Returns403()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent(fixture.CorpusDirectory), "dir_path" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload-dicom/") { Content = form };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await client.SendAsync(request);

        await WebRequests.ProblemAsync(response, 403);
    }

    private static Dictionary<string, string?> WithoutUpload(Dictionary<string, string?> settings)
    {
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        return settings;
    }
}
