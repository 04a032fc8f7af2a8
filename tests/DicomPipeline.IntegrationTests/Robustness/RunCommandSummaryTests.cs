using System.Text.Json;
using System.Text.RegularExpressions;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// The summary <c>run</c> prints for the files it did not store. Input file and folder names in real exports often hold
/// the patient's name, ID or birth date, so a de-identified run names such a file as its <c>report.json</c> does,
/// "input file #N", and says where the audit folder lists the paths; a run that does not de-identify names the files.
/// </summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed partial class RunCommandSummaryTests : IDisposable
{
    // Shaped like the outside tester's: a folder and files named after a (made-up) patient, ID and birth date.
    private const string PatientFolder = "DOE_JANE_19330303";
    private const string TruncatedName = "ZQ086826_PEBIQAQUJ.dcm";
    private const string HeaderOnlyName = "WUSEMADAG_ZQ592329.dcm";
    private const string TextName = "ROE_RICHARD_notes.txt";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("run-summary-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    private string Audit => Path.Combine(_root.FullName, "audit");

    [Fact]
    public async Task Run_DeidentifiedFilesNamedLikeAPatient_SummaryNumbersThemAsReportJsonAndNamesNone()
    {
        await WriteInputAsync();

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output, "--anonymize", "--audit-dir", Audit]);

        result.ExitCode.Should().Be(2, result.ToString());
        AssertNamesNoInputFile(result);
        var listed = ListedFiles(result);
        listed.Should().HaveCount(2, result.ToString());
        var report = ReadReportNotStored();
        var auditRows = ReadAuditNotStored();
        foreach (var (outcome, number, reason) in listed)
        {
            // The same number as report.json's list, with the reason (and its byte offset) kept.
            report[number - 1].Should().Be(new NotStoredRow(FormattableString.Invariant($"input file #{number}"), outcome, reason));
            reason.Should().Contain("offset", "a reader error names the byte offset");

            // The audit folder maps the number back to the input path.
            auditRows.Should().ContainKey(number).WhoseValue.Should().Match<NotStoredRow>(row => row.Outcome == outcome && row.Reason == reason);
        }

        listed.Select(f => auditRows[f.Number].Path).Should().BeEquivalentTo(
            [Path.Combine(PatientFolder, TruncatedName), Path.Combine(PatientFolder, HeaderOnlyName)]);
        result.StandardOutput.Should().Contain(Path.Combine(Audit, "not-stored.csv"), "the summary says where the paths are");
    }

    [Fact]
    public async Task Run_DeidentifiedWithoutAuditDir_SummaryNumbersTheFilesAndPointsToAuditDir()
    {
        await WriteInputAsync();

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output, "--anonymize"]);

        result.ExitCode.Should().Be(2, result.ToString());
        AssertNamesNoInputFile(result);
        ListedFiles(result).Should().HaveCount(2, result.ToString());
        result.StandardOutput.Should().Contain("--audit-dir", "the summary says how to get the paths");
    }

    [Fact]
    public async Task Run_NotDeidentified_SummaryNamesTheFilesAsBefore()
    {
        await WriteInputAsync();

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Output]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardOutput.Should().Contain($"Skipped: {Path.Combine(PatientFolder, TruncatedName)}: ")
            .And.Contain($"Skipped: {Path.Combine(PatientFolder, HeaderOnlyName)}: ")
            .And.NotContain("input file #");
    }

    /// <summary>Good files, two damaged DICOM files and a text file, in a folder named like a patient.</summary>
    private async Task WriteInputAsync()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        var folder = Directory.CreateDirectory(Path.Combine(Input, PatientFolder)).FullName;
        var original = await File.ReadAllBytesAsync(corpus.Files[0]);
        await File.WriteAllBytesAsync(Path.Combine(folder, TruncatedName), original[..(original.Length / 2)]);
        await File.WriteAllBytesAsync(Path.Combine(folder, HeaderOnlyName), original[..200]);
        await File.WriteAllTextAsync(Path.Combine(folder, TextName), "scanned at the front desk\n");
    }

    private static void AssertNamesNoInputFile(CliResult result)
    {
        foreach (var name in new[] { PatientFolder, "ZQ086826", "PEBIQAQUJ", "WUSEMADAG", "ZQ592329", "ROE_RICHARD" })
        {
            result.StandardOutput.Should().NotContain(name, result.ToString());
            result.StandardError.Should().NotContain(name, result.ToString());
        }
    }

    /// <summary>The summary's lines "  Skipped: input file #N: reason".</summary>
    private static List<(string Outcome, int Number, string Reason)> ListedFiles(CliResult result) =>
        [.. NumberedLine().Matches(result.StandardOutput).Select(m => (m.Groups["outcome"].Value, int.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["reason"].Value.TrimEnd('\r')))];

    private List<NotStoredRow> ReadReportNotStored()
    {
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Output, "report.json")));
        return [.. report.RootElement.GetProperty("notStored").EnumerateArray().Select(e => new NotStoredRow(
            e.GetProperty("path").GetString()!, e.GetProperty("outcome").GetString()!, e.GetProperty("reason").GetString()!))];
    }

    /// <summary>not-stored.csv by number (Number,Path,Outcome,Reason; a reason may be quoted).</summary>
    private Dictionary<int, NotStoredRow> ReadAuditNotStored() =>
        File.ReadAllLines(Path.Combine(Audit, "not-stored.csv")).Skip(1)
            .Select(line => line.Split(',', 4))
            .ToDictionary(
                cells => int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture),
                cells => new NotStoredRow(cells[1], cells[2], cells[3].StartsWith('"') ? cells[3][1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cells[3]));

    [GeneratedRegex(@"^  (?<outcome>\w+): input file #(?<number>\d+): (?<reason>.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NumberedLine();

    private sealed record NotStoredRow(string Path, string Outcome, string Reason);
}
