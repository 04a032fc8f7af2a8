using System.Diagnostics;
using System.Net;
using System.Text;
using DicomPipeline.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// What a hostile or careless upload can cost: a CSV header of 200,000 columns, a CSV that matches nothing (a huge job
/// view), outputs piling up on disk, and the uploaded CSV's permissions while it waits.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class LimitsAndRetentionTests(WebFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Post_CsvWith200000Columns_Returns400NamingTheLimitQuickly()
    {
        var settings = fixture.Settings();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var header = new StringBuilder("OriginalPatientID");
        for (var i = 1; i < 200_000; i++)
        {
            header.Append(",C").Append(i);
        }

        var csv = header.Append('\n').ToString();
        var clock = Stopwatch.StartNew();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: csv);

        clock.Stop();
        output.WriteLine($"200,000-column CSV ({csv.Length:N0} bytes) answered {(int)response.StatusCode} in {clock.Elapsed.TotalMilliseconds:N0} ms");
        var detail = (await WebRequests.ProblemAsync(response, 400)).GetProperty("detail").GetString();
        detail.Should().Contain("200000 columns").And.Contain("MaxColumns").And.Contain("1024");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the header is checked in linear time");
        Directory.EnumerateFileSystemEntries(settings["DicomPipeline:Output:Directory"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_EmptyCsv_Returns400()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: string.Empty);

        (await WebRequests.ProblemAsync(response, 400)).GetProperty("detail").GetString().Should().Contain("empty");
    }

    [Fact]
    public async Task Job_CsvMatchingNothing_ViewShowsTheFirstItemsAndCountsAndTheReportHasThemAll()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        var csv = "OriginalPatientID,Arm\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"NOBODY-{i:00000},A\n"));

        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: csv);
        post.StatusCode.Should().Be(HttpStatusCode.Accepted, await post.Content.ReadAsStringAsync());
        var statusUrl = (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!;
        await WebRequests.WaitForJobAsync(client, statusUrl);
        var text = await client.GetStringAsync(new Uri(statusUrl, UriKind.Relative));
        var job = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(text);

        output.WriteLine($"job view: {text.Length:N0} characters");
        text.Length.Should().BeLessThan(32 * 1024, "a job view is a summary; full lists are downloads");
        var report = job.GetProperty("result").GetProperty("report");
        report.GetProperty("csvLinesWithoutImagesCount").GetInt32().Should().Be(3000);
        report.GetProperty("csvLinesWithoutImages").GetArrayLength().Should().BeLessThan(3000);
        report.GetProperty("notStoredCount").GetInt32().Should().Be(12, "no image has a row, so all are held back");

        var full = await client.GetStringAsync(new Uri(statusUrl + "/files/report.json", UriKind.Relative));
        var fullReport = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(full);
        fullReport.GetProperty("csvLinesWithoutImages").GetArrayLength().Should().Be(3000);
        (await client.GetStringAsync(new Uri(statusUrl + "/files/manifest.csv", UriKind.Relative))).Should().StartWith("Path,PatientID,StudyInstanceUID", "the manifest is a download too");
    }

    [Fact]
    public async Task Retention_ByCount_DeletesTheOldestFinishedOutputs()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        settings["DicomPipeline:Web:Retention:MaxJobs"] = "2";
        var outputRoot = settings["DicomPipeline:Output:Directory"]!;
        var unrelated = Directory.CreateDirectory(Path.Combine(outputRoot, "not-a-job")).FullName;
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        var jobs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await RunToEndAsync(client));
        }

        JobFolders(outputRoot).Should().BeEquivalentTo([Id(jobs[1]), Id(jobs[2])], "only the two newest outputs are kept");
        Directory.Exists(unrelated).Should().BeTrue("only job folders are ever deleted");
        var first = await WebRequests.JsonAsync(await client.GetAsync(new Uri(jobs[0], UriKind.Relative)));
        first.GetProperty("outputDeleted").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Retention_ByAgeAndBytes_DeletesOldAndOversizedOutputs()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        settings["DicomPipeline:Web:Retention:MaxAge"] = "1.00:00:00";
        settings["DicomPipeline:Web:Retention:MaxBytes"] = "1";
        var outputRoot = settings["DicomPipeline:Output:Directory"]!;
        var old = Directory.CreateDirectory(Path.Combine(outputRoot, Guid.NewGuid().ToString())).FullName;
        await File.WriteAllTextAsync(Path.Combine(old, "report.json"), "{}");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-3));
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        var firstJob = await RunToEndAsync(client);
        Directory.Exists(old).Should().BeFalse("it is older than MaxAge");
        JobFolders(outputRoot).Should().BeEquivalentTo([Id(firstJob)], "the newest output is kept whatever its size");

        var secondJob = await RunToEndAsync(client);
        JobFolders(outputRoot).Should().BeEquivalentTo([Id(secondJob)], "over MaxBytes, the oldest finished outputs go first");
    }

    [Fact]
    public async Task Retention_OnItsTimer_DeletesAnOutputThatAgedWhileNoJobRan()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        settings["DicomPipeline:Web:Retention:MaxAge"] = "1.00:00:00";
        settings["DicomPipeline:Web:Retention:CheckInterval"] = "00:00:00.200";
        var outputRoot = settings["DicomPipeline:Output:Directory"]!;
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        var first = Id(await RunToEndAsync(client));
        var second = Id(await RunToEndAsync(client));
        JobFolders(outputRoot).Should().BeEquivalentTo([first, second]);

        // The first output ages past MaxAge while nothing runs: no job ends to apply the rules, the timer must.
        Directory.SetLastWriteTimeUtc(Path.Combine(outputRoot, first), DateTime.UtcNow.AddDays(-3));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (JobFolders(outputRoot).Count() > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        JobFolders(outputRoot).Should().BeEquivalentTo([second], "retention runs on its timer too");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UploadedCsv_WhileTheJobWaits_IsPrivateAndIsDeletedAfterIt()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        var work = settings["DicomPipeline:Web:WorkDirectory"]!;
        await using var app = new WebAppFactory(settings, services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
            .AddSingleton<DicomPipeline.Pipeline.IDicomPipeline>(services, new WaitingPipeline()));
        using var client = app.CreateClient();

        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: fixture.TrialCsv());
        post.StatusCode.Should().Be(HttpStatusCode.Accepted, await post.Content.ReadAsStringAsync());
        var statusUrl = (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!;
        await WebRequests.WaitForJobAsync(client, statusUrl, "running");

        var csv = Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        File.GetUnixFileMode(csv).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        for (var folder = Path.GetDirectoryName(csv)!; folder.Length >= work.Length; folder = Path.GetDirectoryName(folder)!)
        {
            File.GetUnixFileMode(folder).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, folder);
        }

        using (await client.DeleteAsync(new Uri(statusUrl, UriKind.Relative)))
        {
        }

        await WebRequests.WaitForJobAsync(client, statusUrl);
        File.Exists(csv).Should().BeFalse("the CSV is deleted when the job ends");
    }

    [Fact]
    public async Task UploadedCsv_IsParsedOnce_TheJobUsesTheTableCheckedAtUpload()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        var work = settings["DicomPipeline:Web:WorkDirectory"]!;
        var loader = new GatedLoader(firstPause: 1, secondPause: 12);
        await using var app = new WebAppFactory(settings, loader.Register);
        using var client = app.CreateClient();
        using var first = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "false");
        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await loader.FirstPauseReached.WaitAsync(TimeSpan.FromSeconds(30));

        using var second = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: fixture.TrialCsv());
        second.StatusCode.Should().Be(HttpStatusCode.Accepted, await second.Content.ReadAsStringAsync());
        var statusUrl = (await WebRequests.JsonAsync(second)).GetProperty("statusUrl").GetString()!;

        // While it waits its turn, the file goes; a job that read it again would fail.
        File.Delete(Directory.EnumerateFiles(work, "*.csv", SearchOption.AllDirectories).Should().ContainSingle().Subject);
        loader.ReleaseFirst();
        loader.ReleaseSecond();

        var job = await WebRequests.WaitForJobAsync(client, statusUrl);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        job.GetProperty("result").GetProperty("stored").GetInt32().Should().Be(12, "every image matched a row of the table checked at upload");
    }

    private async Task<string> RunToEndAsync(HttpClient client)
    {
        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "false");
        post.StatusCode.Should().Be(HttpStatusCode.Accepted, await post.Content.ReadAsStringAsync());
        var statusUrl = (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!;
        var job = await WebRequests.WaitForJobAsync(client, statusUrl);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        return statusUrl;
    }

    private static string Id(string statusUrl) => statusUrl["/jobs/".Length..];

    private static IEnumerable<string> JobFolders(string outputRoot) =>
        Directory.EnumerateDirectories(outputRoot).Select(Path.GetFileName).Where(name => Guid.TryParse(name, out _))!;
}
