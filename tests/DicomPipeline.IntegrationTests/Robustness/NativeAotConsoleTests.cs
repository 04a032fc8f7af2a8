using System.Security.Cryptography;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Testing;
using FluentAssertions;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// The console compiled ahead of time (Native AOT, the form the benchmarks time and docs/performance.md recommends for
/// big folders) does exactly what the JIT-compiled console does: the same files byte for byte, the same manifest, the
/// options bound from the environment, a rules file read, a CSV joined, and its own output verified clean. Reflection
/// that trimming removed would show here as a missing option, an empty rule list or a crash.
/// </summary>
public sealed class NativeAotConsoleTests : IClassFixture<NativeAotConsole>, IDisposable
{
    private readonly NativeAotConsole _aot;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aot-console-");

    public NativeAotConsoleTests(NativeAotConsole aot) => _aot = aot;

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Run_WithOptionsRulesAndCsv_WritesWhatTheJitConsoleWrites()
    {
        var input = Path.Combine(_root.FullName, "in");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, SeriesPerStudy = 1, InstancesPerSeries = 3, Rows = 16, Columns = 16 }).WriteAsync(input);
        var rules = Path.Combine(_root.FullName, "rules.json");
        await File.WriteAllTextAsync(rules, """[ { "name": "keep the body part", "keyword": "BodyPartExamined", "action": "Keep" } ]""");
        var csv = Path.Combine(_root.FullName, "clinical.csv");
        await File.WriteAllLinesAsync(csv, ["OriginalPatientID,ClinicalTrialSubjectID,Arm", .. corpus.PatientIds.Select((id, i) => $"{id},SUBJ-{i + 1:D3},arm-{i % 2}")]);
        var environment = new Dictionary<string, string> { ["DicomPipeline__Anonymization__RetainPatientCharacteristics"] = "true" };
        string[] Arguments(string output) => ["run", "--input", input, "--anonymize", "--rules", rules, "--csv", csv, "--output", output];

        var jitOutput = Path.Combine(_root.FullName, "jit");
        var aotOutput = Path.Combine(_root.FullName, "aot");
        var jit = await ConsoleCli.RunAsync(Arguments(jitOutput), environment);
        var aot = await _aot.RunAsync(Arguments(aotOutput), environment);

        jit.ExitCode.Should().Be(0, jit.StandardError);
        aot.ExitCode.Should().Be(0, aot.StandardError);
        Hashes(aotOutput).Should().Equal(Hashes(jitOutput));
        Hashes(aotOutput).Keys.Should().Contain("manifest.csv").And.HaveCount(corpus.Files.Count + 1);
        (await File.ReadAllTextAsync(Path.Combine(aotOutput, "manifest.csv"))).Should().Contain("arm-1");
        foreach (var file in Directory.EnumerateFiles(aotOutput, "*.dcm", SearchOption.AllDirectories))
        {
            var dataset = DicomFile.Open(file).Dataset;
            dataset.GetString(DicomTag.ClinicalTrialSubjectID).Should().StartWith("SUBJ-", "the CSV's column is written in");
            dataset.GetString(DicomTag.PatientSex).Should().NotBeNullOrEmpty("RetainPatientCharacteristics, set from the environment, keeps it");
            dataset.GetString(DicomTag.BodyPartExamined).Should().NotBeNullOrEmpty("the rules file keeps it");
        }

        var verify = await _aot.RunAsync(["verify", "--input", input, "--output", aotOutput], environment);
        verify.ExitCode.Should().Be(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Run_MissingSecret_OneLineAndExitCodeAsTheJitConsole()
    {
        var input = Path.Combine(_root.FullName, "in");
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8 }).WriteAsync(input);
        var environment = new Dictionary<string, string> { ["DicomPipeline__Anonymization__Secret"] = string.Empty };
        string[] arguments = ["run", "--input", input, "--anonymize", "--output", Path.Combine(_root.FullName, "out")];

        var jit = await ConsoleCli.RunAsync(arguments, environment);
        var aot = await _aot.RunAsync(arguments, environment);

        aot.ExitCode.Should().Be(jit.ExitCode).And.NotBe(0);
        aot.StandardError.Trim().Should().Be(jit.StandardError.Trim()).And.NotContain("   at ");
    }

    /// <summary>Every file of the output with its SHA-256, except report.json, whose times differ from run to run.</summary>
    private static SortedDictionary<string, string> Hashes(string folder) =>
        new(
            Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "report.json")
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);
}

/// <summary>
/// The console published once with Native AOT into a temporary folder (its own artifacts path, so the repository's build
/// outputs are not touched while other tests use them).
/// </summary>
public sealed class NativeAotConsole : IAsyncLifetime
{
    private static readonly string[] Linkers = ["clang", "gcc"];
    private readonly string _folder = Directory.CreateTempSubdirectory("aot-publish-").FullName;

    private string Executable => Path.Combine(_folder, "out", "dicompipeline-cli");

    public async Task InitializeAsync()
    {
        // The console's project links with clang, or gcc where clang is not installed.
        if (!Linkers.Any(OnPath))
        {
            throw new InvalidOperationException("Native AOT needs a C toolchain to link: install gcc (apt-get install gcc); .ci/run does.");
        }

        var project = Path.Combine(ConsoleCli.RepositoryRoot, "samples", "DicomPipeline.Console");
        var publish = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(_folder, "artifacts"), "-o", Path.Combine(_folder, "out")],
            TimeSpan.FromMinutes(15));
        if (publish.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException($"The Native AOT publish failed: {publish}{Environment.NewLine}{publish.StandardOutput}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    internal Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        ConsoleCli.RunAsync(arguments, environment, executable: Executable);

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
