using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Orthanc;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Verification;

/// <summary>
/// <c>run --verify</c> as the gate before anything leaves the machine, against a real Orthanc: a site rule that keeps the
/// patient's birth date (a reviewer's mistake the de-identifier obeys) is caught by the independent check, the files go to
/// quarantine instead of the server, and the run exits 3.
/// </summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed class RunVerifyGateTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-gate-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    private string Quarantine => Path.Combine(_root.FullName, "quarantine");

    [Fact]
    public async Task RunVerify_RuleKeepsPatientBirthDate_FilesQuarantinedNothingUploadedExit3()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var rules = Path.Combine(_root.FullName, "rules.json");
        await File.WriteAllTextAsync(rules, """[ { "name": "keep the birth date", "keyword": "PatientBirthDate", "action": "Keep" } ]""");
        await using var server = await OrthancServer.StartAsync();

        var result = await RunAsync(server, "--rules", rules, "--verify", "--quarantine", Quarantine);

        result.ExitCode.Should().Be(3, result.ToString());
        result.StandardError.Should().Contain("quarantine").And.NotContain("   at ");
        Directory.GetFiles(Quarantine, "*.dcm", SearchOption.AllDirectories).Should().HaveCount(corpus.Files.Count);
        Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Should().BeEmpty();
        (await CountInstancesAsync(server)).Should().Be(0, "nothing with a finding may leave the machine");
    }

    [Fact]
    public async Task RunVerify_CleanOutput_EverythingUploadedExit0()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        await using var server = await OrthancServer.StartAsync();

        var result = await RunAsync(server, "--verify", "--quarantine", Quarantine);

        result.ExitCode.Should().Be(0, result.ToString());
        Directory.Exists(Quarantine).Should().BeFalse();
        (await CountInstancesAsync(server)).Should().Be(corpus.Files.Count);
    }

    private Task<CliResult> RunAsync(OrthancServer server, params string[] extra) => ConsoleCli.RunAsync(
        ["run", "--input", Input, "--output", Output, "--anonymize", "--destination", "orthanc+" + server.BaseUrl, .. extra],
        new Dictionary<string, string>
        {
            // The credentials of the destination named on the command line come from the configured entry with its address.
            ["DicomPipeline__Destinations__0__Uri"] = "orthanc+" + server.BaseUrl,
            ["DicomPipeline__Destinations__0__Username"] = OrthancServer.Username,
            ["DicomPipeline__Destinations__0__Password"] = server.Password,
        },
        timeout: TimeSpan.FromSeconds(120));

    private static async Task<long> CountInstancesAsync(OrthancServer server)
    {
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        return (await connection.Client.GetStatisticsAsync()).CountInstances;
    }
}
