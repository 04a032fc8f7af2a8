using System.Text.Json;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// The console's <c>run</c> on messy input and impossible output, and every verb's help and error lines, as a user
/// sees them: exit codes, one-line errors, report.json, and an input folder that is never touched.
/// </summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed class RunCommandRobustnessTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("robustness-cli-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task Run_FolderMixingGoodAndBadFiles_ProcessesEveryGoodFileReportsEveryBadOneAndExitsWith2()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 1, InstancesPerSeries = 3, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var bad = Path.Combine(Input, "bad");
        Directory.CreateDirectory(bad);
        var original = await File.ReadAllBytesAsync(corpus.Files[0]);
        await File.WriteAllBytesAsync(Path.Combine(bad, "truncated.dcm"), original[..(original.Length / 2)]);
        await File.WriteAllBytesAsync(Path.Combine(bad, "header-only.dcm"), original[..200]);
        var noise = new byte[4096];
        new Random(9).NextBytes(noise);
        await File.WriteAllBytesAsync(Path.Combine(bad, "noise.dcm"), noise);
        await File.WriteAllTextAsync(Path.Combine(bad, "notes.txt"), "scanned at the front desk\n");
        var inputBefore = FolderSnapshot.Take(Input);

        var audit = Path.Combine(Path.GetDirectoryName(Output)!, "audit-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output, "--anonymize", "--audit-dir", audit]);

        result.ExitCode.Should().Be(2, result.ToString());
        Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Should().HaveCount(corpus.Files.Count, "every good file is processed");

        // report.json (in the shareable output) numbers the bad files with their reasons; their names, which in real
        // exports are often patients' names, go to the audit folder only.
        var numbered = ReadNotStored();
        numbered.Should().HaveCount(4, "only the bad files are reported");
        numbered.Should().OnlyContain(f => f.Path.StartsWith("input file #", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(f.Reason));
        File.ReadAllText(Path.Combine(Output, "report.json")).Should().NotContain("truncated.dcm").And.NotContain("notes.txt");
        var notStored = File.ReadAllLines(Path.Combine(audit, "not-stored.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => new ReportedEntry(cells[1], cells[2], string.Join(',', cells[3..])))
            .ToList();
        foreach (var name in new[] { "truncated.dcm", "header-only.dcm", "noise.dcm", "notes.txt" })
        {
            notStored.Should().ContainSingle(f => f.Path.EndsWith(name, StringComparison.Ordinal), $"{name} is reported")
                .Which.Reason.Should().NotBeNullOrWhiteSpace();
        }

        notStored.Should().HaveCount(4, "only the bad files are reported");
        notStored.Single(f => f.Path.EndsWith("truncated.dcm", StringComparison.Ordinal)).Reason.Should().Contain("offset", "a reader error names the byte offset");
        result.StandardOutput.Should().Contain("input file #", "the summary lists the files not stored, numbered as report.json numbers them")
            .And.NotContain("truncated.dcm", "a de-identified run's summary names no input file")
            .And.Contain(Path.Combine(audit, "not-stored.csv"), "the summary says where their paths are");
        FolderSnapshot.Take(Input).Should().Equal(inputBefore, "the input is never modified");
    }

    [Fact]
    public async Task Run_OutputBelowARegularFile_OneLineErrorExit1AndInputUnchanged()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var blocker = Path.Combine(_root.FullName, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var inputBefore = FolderSnapshot.Take(Input);

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Path.Combine(blocker, "out"), "--anonymize"]);

        AssertOneLineError(result, 1);
        FolderSnapshot.Take(Input).Should().Equal(inputBefore);
    }

    [Fact]
    public async Task Run_ReadOnlyOutputFolder_OneLineErrorExit1AndInputUnchanged()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var inputBefore = FolderSnapshot.Take(Input);
        await using var readOnly = await Tmpfs.TryMountAsync("ro,size=1m");
        readOnly.Should().NotBeNull("the tests run as root, which may mount a tmpfs (root ignores permission bits, so chmod cannot make a folder read-only)");

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Path.Combine(readOnly!.Path, "out"), "--anonymize"]);

        AssertOneLineError(result, 1);
        result.StandardError.Should().Contain(readOnly.Path, "the error names the folder");
        FolderSnapshot.Take(Input).Should().Equal(inputBefore);
    }

    [Fact]
    public async Task Run_OutputDiskFills_OneLineErrorExit1NoPartialDcmAndInputUnchanged()
    {
        // About 1.3 MB of images onto a 256 KB disk.
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 2, InstancesPerSeries = 5, Rows = 128, Columns = 128 }).WriteAsync(Input);
        var inputBefore = FolderSnapshot.Take(Input);
        await using var small = await Tmpfs.TryMountAsync("size=256k");
        small.Should().NotBeNull("the tests run as root, which may mount a tmpfs");
        var output = Path.Combine(small!.Path, "out");

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", output, "--anonymize"]);

        AssertOneLineError(result, 1);
        FolderSnapshot.Take(Input).Should().Equal(inputBefore);
        foreach (var path in Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories))
        {
            await ReadCompletelyAsync(path);
        }
    }

    public static TheoryData<string> Verbs => ["run", "demo", "dump", "synth", "studies", "anonymize-all-studies", "delete-all-studies"];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_EveryVerb_PrintsUsageAndExits0(string verb)
    {
        var result = await ConsoleCli.RunAsync([verb, "--help"]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("Usage:").And.Contain(verb);
        result.StandardError.Should().BeEmpty();
    }

    [Fact]
    public async Task Errors_WithoutVerbose_AreOneLineWithoutStackTrace_AndWithVerboseCarryIt()
    {
        var notDicom = Path.Combine(_root.FullName, "notes.txt");
        await File.WriteAllTextAsync(notDicom, "this is not DICOM at all, just some text\n");
        string[][] failing =
        [
            ["dump", notDicom],
            ["dump", Path.Combine(_root.FullName, "missing.dcm")],
            ["run", "--input", Path.Combine(_root.FullName, "missing"), "--output", Output],
            ["run", "--input", _root.FullName, "--output", Path.Combine(_root.FullName, "inside")],
            ["run", "--input", _root.FullName, "--output", Output, "--option", "no-such-option"],
        ];

        foreach (var arguments in failing)
        {
            var quiet = await ConsoleCli.RunAsync(arguments);
            AssertOneLineError(quiet, 1);

            (await ConsoleCli.RunAsync([.. arguments, "--verbose"])).ExitCode.Should().Be(1);
        }

        (await ConsoleCli.RunAsync(["dump", notDicom])).StandardError.Should().Contain(notDicom).And.Contain("offset");
        var verbose = await ConsoleCli.RunAsync(["dump", notDicom, "--verbose"]);
        verbose.ExitCode.Should().Be(1, verbose.ToString());
        verbose.StandardError.Should().Contain("DicomFormatException").And.Contain("   at ", "--verbose shows the stack trace");
    }

    [Fact]
    public async Task Run_MissingSecret_OneLineErrorNamingTheSetting()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8 }).WriteAsync(Input);

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output, "--anonymize"], new Dictionary<string, string> { ["DicomPipeline__Anonymization__Secret"] = string.Empty });

        AssertOneLineError(result, 1);
        result.StandardError.Should().Contain("Secret");
    }

    internal static void AssertOneLineError(CliResult result, int exitCode)
    {
        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.ErrorLines.Should().ContainSingle(result.ToString()).Which.Should().StartWith("error: ");
        result.StandardError.Should().NotContain("   at ", "no stack trace without --verbose");
    }

    internal static async Task ReadCompletelyAsync(string path)
    {
        // ReadAsync over a plain stream loads every value, so a file cut short anywhere fails here.
        await using var stream = new MemoryStream(await File.ReadAllBytesAsync(path));
        await DicomFile.ReadAsync(stream);
    }

    private List<ReportedEntry> ReadNotStored()
    {
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Output, "report.json")));
        return [.. report.RootElement.GetProperty("notStored").EnumerateArray().Select(e => new ReportedEntry(
            e.GetProperty("path").GetString()!, e.GetProperty("outcome").GetString()!, e.GetProperty("reason").GetString()!))];
    }

    private sealed record ReportedEntry(string Path, string Outcome, string Reason);
}
