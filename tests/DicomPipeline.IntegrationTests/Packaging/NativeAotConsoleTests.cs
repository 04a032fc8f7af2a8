using System.Security.Cryptography;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Testing;
using FluentAssertions;

namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>
/// The installed tool, the console compiled ahead of time (Native AOT, the build users get from the tool package and
/// the Docker image, and the one the benchmarks time), does exactly what the JIT-compiled console does: the same files byte for byte, the same manifest, the
/// options bound from the environment, a rules file read, a CSV joined, and its own output verified clean. Reflection
/// that trimming removed would show here as a missing option, an empty rule list or a crash.
/// </summary>
[Collection(InstalledToolDefinition.Name)]
public sealed class NativeAotConsoleTests : IDisposable
{
    private readonly InstalledTool _aot;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aot-console-");

    public NativeAotConsoleTests(InstalledTool aot) => _aot = aot;

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

    [Fact]
    public async Task Run_NameWithoutItsAccentsInKeptText_IsReplaced_AndVerifyFindsItInAnOutput()
    {
        // The native console runs without ICU (invariant globalization), where string.Normalize leaves "ü" as it is:
        // "JUMUAROZUG" in kept text was not seen to be the patient's "Jumüarozug" there, though the JIT build saw it.
        var input = Path.Combine(_root.FullName, "accents");
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8 }).WriteAsync(input);
        var path = Directory.EnumerateFiles(input, "*.dcm", SearchOption.AllDirectories).Single();
        var source = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = int.MaxValue });
        source.Dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        source.Dataset.SetString(DicomTag.PatientName, "Jumüarozug^Tögopum");
        source.Dataset.SetString(DicomTag.WindowCenterWidthExplanation, "JUMUAROZUG lung");
        await source.SaveAsync(path);
        var output = Path.Combine(_root.FullName, "accents-out");

        var run = await _aot.RunAsync(["run", "--input", input, "--anonymize", "--output", output]);

        run.ExitCode.Should().Be(0, run.StandardError);
        var written = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Single();
        DicomFile.Open(written).Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("ANONYMIZED lung");

        // The verifier folds the same way: an output that kept the name without its accents is a finding.
        var leaked = Path.Combine(_root.FullName, "accents-leaked");
        Directory.CreateDirectory(leaked);
        var copy = DicomFile.Open(written, new DicomReadOptions { LargeValueThreshold = int.MaxValue });
        copy.Dataset.SetString(DicomTag.WindowCenterWidthExplanation, "TOGOPUM lung");
        await copy.SaveAsync(Path.Combine(leaked, "leaked.dcm"));
        var verify = await _aot.RunAsync(["verify", "--input", input, "--output", leaked]);

        verify.ExitCode.Should().Be(3, "the patient's given name without its accent is in the output: " + verify.StandardOutput);
    }

    /// <summary>Every file of the output with its SHA-256, except report.json, whose times differ from run to run.</summary>
    internal static SortedDictionary<string, string> Hashes(string folder) =>
        new(
            Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "report.json")
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);
}
