using System.Text.Json;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Verification;

/// <summary>The console's <c>verify</c> as a user runs it, on real files and on output that was never de-identified.</summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed class VerifyCommandTests : IDisposable
{
    // python3-pydicom's test files: real-world headers from many vendors, in many character sets.
    private const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-cli-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task Verify_DeidentifiedPydicomTestFiles_FindsOnlyTheOriginalsItCannotRead()
    {
        Directory.Exists(PydicomTestFiles).Should().BeTrue("python3-pydicom is installed (CI installs it)");
        var run = await ConsoleCli.RunAsync(["run", "--input", PydicomTestFiles, "--output", Output, "--anonymize"]);
        run.ExitCode.Should().BeOneOf([0, 2], run.ToString());
        Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Should().HaveCountGreaterThan(50);

        var result = await ConsoleCli.RunAsync(["verify", "--input", PydicomTestFiles, "--output", Output]);

        // Nothing identifying in any output; but some test files (a dataset after a stray byte, a DICOMDIR without
        // offsets, a truncated plan) cannot be read as originals, and verify says so instead of searching without their
        // values in silence. (SC_rgb_jpeg.dcm, explicit VR declared over an implicit dataset, is read since 2026-12-08.)
        result.ExitCode.Should().Be(3, result.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Output, "verify-report.json")));
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Should().NotBeEmpty().And.OnlyContain(f => f.GetProperty("kind").GetString()!.StartsWith("original that cannot be read", StringComparison.Ordinal), result.ToString());
        findings.Select(f => f.GetProperty("file").GetString()).Should().Contain("no_meta.dcm").And.NotContain("SC_rgb_jpeg.dcm");
        report.RootElement.GetProperty("pixelsNotInspected").GetArrayLength().Should().BeGreaterThan(0, "the test files include OT and US images");
    }

    [Fact]
    public async Task Verify_OutputOfRunWithoutAnonymize_ReportsEveryFileExit3()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 1, InstancesPerSeries = 3, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var run = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output]);
        run.ExitCode.Should().Be(0, run.ToString());
        var audit = Path.Combine(_root.FullName, "audit");

        var result = await ConsoleCli.RunAsync(["verify", "--input", Input, "--output", Output, "--audit-dir", audit]);

        result.ExitCode.Should().Be(3, result.ToString());
        var outputs = Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Output, f).Replace('\\', '/')).ToList();
        outputs.Should().HaveCount(corpus.Files.Count);
        var lines = result.StandardOutput.Split('\n');
        outputs.Should().OnlyContain(file => lines.Any(line => line.StartsWith(file + ": (0010,0010): ", StringComparison.Ordinal)));
        File.Exists(Path.Combine(Output, "verify-report.json")).Should().BeTrue();
        File.ReadAllText(Path.Combine(audit, "verify-audit.csv")).Should().Contain(corpus.PatientIds[0]);
    }

    [Fact]
    public async Task Verify_MissingOutputFolder_OneLineErrorExit1()
    {
        var result = await ConsoleCli.RunAsync(["verify", "--output", Path.Combine(_root.FullName, "missing")]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain("does not exist");
    }
}
