using DicomPipeline.Pipeline;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// The summary's lines for the files a run did not store (skipped, held back, failed; files that are not DICOM are only
/// counted). A de-identified run names each file as its <c>report.json</c> does, "input file #N": input file and folder
/// names are often a patient's name, ID or birth date, and console output ends up in logs. Its last line says where the
/// paths are: the audit folder's <c>not-stored.csv</c>, beside the original → pseudonym map. A run that does not
/// de-identify names the files by their input paths, as its <c>report.json</c> does.
/// </summary>
internal static class NotStoredLines
{
    /// <summary>How many files the summary lists; the rest are in report.json.</summary>
    private const int Shown = 10;

    /// <param name="report">The run's report as the caller gets it (<see cref="PipelineResult.Report"/>), with the input paths.</param>
    /// <param name="auditDirectory">The run's audit folder, or <see langword="null"/> when it has none.</param>
    /// <param name="shard">The shard the run processed, whose report and audit files are parts named after it, or <see langword="null"/>.</param>
    public static IEnumerable<string> For(ProcessingReport report, string? auditDirectory, PipelineShard? shard)
    {
        // Numbered by place in the whole list, files that are not DICOM included, as report.json and not-stored.csv number them.
        var problems = report.NotStored
            .Select((file, i) => (File: file, Number: i + 1))
            .Where(f => f.File.Outcome is not (FileOutcome.NotDicom or FileOutcome.NotAnInstance))
            .ToList();
        var reportName = PartFileName("report", "json", shard);
        foreach (var (file, number) in problems.Take(Shown))
        {
            var name = report.Anonymized ? FormattableString.Invariant($"input file #{number}") : file.Path;
            yield return $"  {file.Outcome}: {name}: {file.Reason}";
        }

        if (problems.Count > Shown)
        {
            yield return FormattableString.Invariant($"  … and {problems.Count - Shown} more in {reportName}");
        }

        if (problems.Count == 0 || !report.Anonymized)
        {
            yield break;
        }

        const string why = "input file names can hold patients' names";
        yield return auditDirectory is null
            ? $"  Numbered as in {reportName} ({why}); run with --audit-dir DIR to have their paths listed in DIR/not-stored.csv."
            : $"  Numbered as in {reportName} ({why}); their paths: {Path.Combine(Path.GetFullPath(auditDirectory), PartFileName("not-stored", "csv", shard))}";
    }

    /// <summary><c>report.json</c>, or for a shard <c>report.shard-2-of-4.json</c>, as the library names its parts.</summary>
    private static string PartFileName(string name, string extension, PipelineShard? shard) =>
        shard is { } part ? $"{name}.{part.PartName}.{extension}" : $"{name}.{extension}";
}
