using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// <c>run --orthanc</c> against a server answering 500, answering too slowly, or refusing the credentials: one clear
/// error line and exit 1, the processed files kept; a re-run against a healthy server then uploads every instance
/// exactly once.
/// </summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed class RunCommandOrthancFaultTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("robustness-orthanc-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task Run_OrthancAnswers500_ClearErrorThenAHealthyRerunUploadsEverythingOnce()
    {
        var corpus = await SynthesizeAsync();
        await using (var failing = FaultyHttpServer.Failing())
        {
            var result = await RunAsync(failing.BaseUrl, "u", "p");

            AssertUploadError(result, failing.BaseUrl);
            failing.Requests.Should().BeGreaterThan(0);
        }

        await AssertHealthyRerunCompletesAsync(corpus);
    }

    [Fact]
    public async Task Run_OrthancAnswersPastTheTimeout_ClearErrorThenAHealthyRerunUploadsEverythingOnce()
    {
        var corpus = await SynthesizeAsync();
        await using (var slow = FaultyHttpServer.Slow(TimeSpan.FromSeconds(5)))
        {
            var result = await RunAsync(slow.BaseUrl, "u", "p");

            AssertUploadError(result, slow.BaseUrl);
        }

        await AssertHealthyRerunCompletesAsync(corpus);
    }

    [Fact]
    public async Task Run_OrthancRefusesTheCredentials_ClearErrorThenARerunWithTheRightOnesUploadsEverythingOnce()
    {
        var corpus = await SynthesizeAsync();
        await using var server = await OrthancServer.StartAsync();

        var refused = await RunAsync(server.BaseUrl, OrthancServer.Username, "wrong-password");

        AssertUploadError(refused, server.BaseUrl);
        refused.StandardError.Should().NotContain("wrong-password", "a password is never printed");
        (await CountInstancesAsync(server)).Should().Be(0);

        var again = await RunAsync(server.BaseUrl, OrthancServer.Username, server.Password);

        again.ExitCode.Should().Be(0, again.ToString());
        (await CountInstancesAsync(server)).Should().Be(corpus.Files.Count, "nothing is missing and nothing is duplicated");
    }

    [Fact]
    public async Task Run_OrthancAsADestination_HasOneLineInTheSummaryLikeAnyOther()
    {
        var corpus = await SynthesizeAsync();
        await using var server = await OrthancServer.StartAsync();

        var result = await RunAsync(server.BaseUrl, OrthancServer.Username, server.Password);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Split('\n').Should().ContainSingle(
            l => l.Contains(new Uri(server.BaseUrl).Authority, StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(l, @": \d+ sent, \d+ already there, 0 refused, 0 not sent\.$"),
            result.ToString());
        (await CountInstancesAsync(server)).Should().Be(corpus.Files.Count);
    }

    private static void AssertUploadError(CliResult result, string url)
    {
        // Not sent is not a failure of the run's own work: the files are kept and a re-run sends exactly what is missing.
        result.ExitCode.Should().Be(2, result.ToString());
        result.ErrorLines.Should().ContainSingle(result.ToString()).Which.Should().StartWith("error: ").And.Contain(new Uri(url).Authority, "the error names the server");
        result.StandardError.Should().NotContain("   at ");
        result.StandardOutput.Should().MatchRegex(@"[1-9]\d* not sent\.");
    }

    private async Task AssertHealthyRerunCompletesAsync(SynthesisResult corpus)
    {
        await using var server = await OrthancServer.StartAsync();

        var healthy = await RunAsync(server.BaseUrl, OrthancServer.Username, server.Password);

        healthy.ExitCode.Should().Be(0, healthy.ToString());
        (await CountInstancesAsync(server)).Should().Be(corpus.Files.Count, "nothing is missing and nothing is duplicated");
        Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Should().HaveCount(corpus.Files.Count);
    }

    private Task<SynthesisResult> SynthesizeAsync() =>
        new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 1, InstancesPerSeries = 3, Rows = 16, Columns = 16 }).WriteAsync(Input);

    private Task<CliResult> RunAsync(string url, string username, string password) => ConsoleCli.RunAsync(
        ["run", "--input", Input, "--output", Output, "--anonymize"],
        new Dictionary<string, string>
        {
            // Orthanc is a destination like any other: the configured one is where the run sends.
            ["DicomPipeline__Destinations__0__Uri"] = "orthanc+" + url,
            ["DicomPipeline__Destinations__0__Username"] = username,
            ["DicomPipeline__Destinations__0__Password"] = password,
            ["DicomPipeline__Destinations__0__Timeout"] = "00:00:01",
        },
        timeout: TimeSpan.FromSeconds(90));

    private static async Task<long> CountInstancesAsync(OrthancServer server)
    {
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        return (await connection.Client.GetStatisticsAsync()).CountInstances;
    }
}
