using System.Net;
using System.Text;
using System.Text.Json;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Input file and folder names in real exports often hold the patient's name, ID or birth date. A de-identified job
/// names the files it did not store as its <c>report.json</c> does, "input file #N", in <c>GET /jobs/{id}</c>, on the page
/// and in the job database, and says where the paths are (the job's audit folder, or nowhere); a job that does not
/// de-identify names them by path, as before.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class NotStoredNumberingTests(WebFixture fixture, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumBrowser>
{
    // Shaped like a real export: a folder and files named after a (made-up) patient, ID and birth date.
    private const string PatientFolder = "DOE_JANE_19330303";
    private const string TruncatedName = "ZQ086826_PEBIQAQUJ.dcm";
    private const string TextName = "ROE_RICHARD_notes.txt";
    private static readonly string[] PatientParts = [PatientFolder, "19330303", "ZQ086826", "PEBIQAQUJ", "ROE_RICHARD"];

    [Fact]
    public async Task Job_DeidentifiedFilesNamedLikeAPatient_NumberedInTheApiThePageAndTheJobStore()
    {
        var input = await WriteInputAsync();
        var settings = SettingsWithoutUpload();
        var audit = fixture.NewFolder("audit");
        settings["DicomPipeline:Output:AuditDirectory"] = audit;
        string jobId;
        await using (var app = new WebAppFactory(settings))
        {
            var address = app.StartKestrel();
            using var client = app.CreateKestrelClient(address);
            jobId = await PostAsync(client, input, anonymize: "true");
            var (json, job) = await FinishedJobAsync(client, jobId);

            AssertNamesNoInputFile(json, "the job's answer");
            var report = job.GetProperty("result").GetProperty("report");
            var listed = report.GetProperty("notStored").EnumerateArray().ToList();
            listed.Should().HaveCount(2, json);
            var auditRows = await ReadAuditRowsAsync(Path.Combine(audit, jobId, "not-stored.csv"));
            for (var i = 0; i < listed.Count; i++)
            {
                var number = i + 1;
                listed[i].GetProperty("path").GetString().Should().Be(FormattableString.Invariant($"input file #{number}"), "numbered as report.json and not-stored.csv number them");
                auditRows.Should().ContainSingle(row => row.Number == number).Which.Should().Match<AuditRow>(
                    row => row.Outcome == listed[i].GetProperty("outcome").GetString() && row.Reason == listed[i].GetProperty("reason").GetString(),
                    "the audit folder maps the same number, outcome and reason to the path");
            }

            listed.Select(f => f.GetProperty("reason").GetString()).Should().Contain(reason => reason!.Contains("offset"), "the reason and its byte offset are kept");
            auditRows.Select(row => row.Path).Should().BeEquivalentTo([Path.Combine(PatientFolder, TruncatedName), Path.Combine(PatientFolder, TextName)]);
            var paths = Path.Combine(audit, jobId, "not-stored.csv");
            report.GetProperty("notStoredPaths").GetString().Should().Be(paths);
            report.GetProperty("notStoredNote").GetString().Should().Contain(paths);

            var page = await JobPageAsync(address, jobId);
            try
            {
                await Assertions.Expect(page.Locator("#result-files-body tr").First).ToContainTextAsync("input file #1");
                await Assertions.Expect(page.Locator("#result-files-note")).ToContainTextAsync(paths);
                AssertNamesNoInputFile(await page.ContentAsync(), "the page");
                (await AxeCore.ViolationsAsync(page)).Should().BeEmpty("the page of a de-identified job with numbered files and the note");
                await ChromiumBrowser.ScreenshotAsync(page, "web-numbered-files", output);
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        // The job database, once the app has let it go: the kept view names no input file either.
        var database = settings["DicomPipeline:Web:JobDatabase"]!;
        Encoding.UTF8.GetString(await File.ReadAllBytesAsync(database)).Should().Contain(jobId, "the job is kept");
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(database)!))
        {
            AssertNamesNoInputFile(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), Path.GetFileName(file));
        }
    }

    [Fact]
    public async Task Restart_DeidentifiedJobKeptWithPathsByAnOlderVersion_NumbersItsFilesAndRewritesTheRow()
    {
        var input = await WriteInputAsync();
        var settings = SettingsWithoutUpload();
        var database = settings["DicomPipeline:Web:JobDatabase"]!;
        string jobId;
        await using (var first = new WebAppFactory(settings))
        {
            using var client = first.CreateClient();
            jobId = await PostAsync(client, input, anonymize: "true");
            await FinishedJobAsync(client, jobId);
        }

        // The view as a version before the numbering kept it: the files not stored by their input paths.
        var truncated = Path.Combine(PatientFolder, TruncatedName);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE jobs SET view = replace(view, '\"input file #2\"', $path) WHERE id = $id";
            command.Parameters.AddWithValue("$path", JsonSerializer.Serialize(truncated));
            command.Parameters.AddWithValue("$id", jobId);
            command.ExecuteNonQuery().Should().Be(1);
        }

        Encoding.UTF8.GetString(await File.ReadAllBytesAsync(database)).Should().Contain(TruncatedName, "the row is as an older version wrote it");

        await using (var second = new WebAppFactory(settings))
        {
            using var client = second.CreateClient();
            var (json, job) = await FinishedJobAsync(client, jobId);

            AssertNamesNoInputFile(json, "the answer for a job kept before the restart");
            var report = job.GetProperty("result").GetProperty("report");
            report.GetProperty("notStored").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Should().Equal("input file #1", "input file #2");
            report.GetProperty("notStoredNote").GetString().Should().Contain("audit folder");
        }

        AssertNamesNoInputFile(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(database)), "the job database after the restart");
    }

    [Fact]
    public async Task Job_DeidentifiedWithoutAuditFolder_NumbersTheFilesAndSaysThePathsAreNotKept()
    {
        var input = await WriteInputAsync();
        await using var app = new WebAppFactory(SettingsWithoutUpload());
        using var client = app.CreateClient();

        var (json, job) = await FinishedJobAsync(client, await PostAsync(client, input, anonymize: "true"));

        AssertNamesNoInputFile(json, "the job's answer");
        var report = job.GetProperty("result").GetProperty("report");
        report.GetProperty("notStored").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Should().Equal("input file #1", "input file #2");
        report.GetProperty("notStoredPaths").ValueKind.Should().Be(JsonValueKind.Null);
        report.GetProperty("notStoredNote").GetString().Should().Contain("not kept");
    }

    [Fact]
    public async Task Job_NotDeidentified_ListsTheFilesByPathAsBefore()
    {
        var input = await WriteInputAsync();
        await using var app = new WebAppFactory(SettingsWithoutUpload());
        var address = app.StartKestrel();
        using var client = app.CreateKestrelClient(address);
        var jobId = await PostAsync(client, input, anonymize: "false");

        var (json, job) = await FinishedJobAsync(client, jobId);

        var report = job.GetProperty("result").GetProperty("report");
        report.GetProperty("notStored").EnumerateArray().Select(f => f.GetProperty("path").GetString())
            .Should().BeEquivalentTo([Path.Combine(PatientFolder, TruncatedName), Path.Combine(PatientFolder, TextName)]);
        json.Should().NotContain("input file #");
        report.GetProperty("notStoredNote").ValueKind.Should().Be(JsonValueKind.Null);
        var page = await JobPageAsync(address, jobId);
        try
        {
            await Assertions.Expect(page.Locator("#result-files-body")).ToContainTextAsync(Path.Combine(PatientFolder, TruncatedName));
            await Assertions.Expect(page.Locator("#result-files-note")).ToBeHiddenAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Good files, a damaged DICOM file and a text file, in a folder named like a patient, under a neutral input folder.</summary>
    private async Task<string> WriteInputAsync()
    {
        var input = Path.Combine(fixture.AllowedRoot, "export-" + Guid.NewGuid().ToString("N")[..8]);
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 2, Rows = 8, Columns = 8, Seed = 61 }).WriteAsync(input);
        var folder = Directory.CreateDirectory(Path.Combine(input, PatientFolder)).FullName;
        var original = await File.ReadAllBytesAsync(corpus.Files[0]);
        await File.WriteAllBytesAsync(Path.Combine(folder, TruncatedName), original[..(original.Length / 2)]);
        await File.WriteAllTextAsync(Path.Combine(folder, TextName), "scanned at the front desk\n");
        return input;
    }

    private Dictionary<string, string?> SettingsWithoutUpload()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        return settings;
    }

    private static async Task<string> PostAsync(HttpClient client, string input, string anonymize)
    {
        using var post = await WebRequests.PostUploadAsync(client, input, anonymize);
        post.StatusCode.Should().Be(HttpStatusCode.Accepted, await post.Content.ReadAsStringAsync());
        return (await WebRequests.JsonAsync(post)).GetProperty("jobId").GetString()!;
    }

    /// <summary>The finished job's answer, as its JSON text and parsed.</summary>
    private static async Task<(string Json, JsonElement Job)> FinishedJobAsync(HttpClient client, string jobId)
    {
        var job = await WebRequests.WaitForJobAsync(client, "/jobs/" + jobId);
        job.GetProperty("outcome").GetString().Should().Be("succeededWithProblems", job.ToString());
        using var response = await client.GetAsync(new Uri("/jobs/" + jobId, UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        return (json, JsonSerializer.Deserialize<JsonElement>(json));
    }

    /// <summary>The page, signed in, showing the job's result with its file table open.</summary>
    private async Task<IPage> JobPageAsync(Uri address, string jobId)
    {
        var page = await WebPages.NewAsync(chromium);
        await page.GotoAsync(address + "#job=" + jobId);
        await page.FillAsync("#api-key", WebFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#result-files")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.Locator("#jobs-body tr")).Not.ToHaveCountAsync(0);
        return page;
    }

    private static void AssertNamesNoInputFile(string text, string where)
    {
        foreach (var part in PatientParts)
        {
            text.Should().NotContain(part, $"{where} names no input file or folder");
        }
    }

    /// <summary>not-stored.csv (Number,Path,Outcome,Reason; a reason may be quoted), outcomes in the API's camelCase.</summary>
    private static async Task<List<AuditRow>> ReadAuditRowsAsync(string path) =>
        [.. (await File.ReadAllLinesAsync(path)).Skip(1)
            .Select(line => line.Split(',', 4))
            .Select(cells => new AuditRow(
                int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture),
                cells[1],
                JsonNamingPolicy.CamelCase.ConvertName(cells[2]),
                cells[3].StartsWith('"') ? cells[3][1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cells[3]))];

    private sealed record AuditRow(int Number, string Path, string Outcome, string Reason);
}
