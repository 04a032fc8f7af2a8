using System.Globalization;
using System.Text;
using System.Text.Json;
using DicomPipeline.Anonymization;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The run's own files, as <see cref="IProcessedStore"/>'s default members write them: <c>report.json</c> in the output
/// folder, the quarantine beside it, and in the audit folder the original → replacement map (<c>audit.csv</c>) with the
/// input paths of the files not stored (<c>not-stored.csv</c>). Each is written atomically.
/// </summary>
internal static class RunRecords
{
    public const string ReportFileName = "report.json";
    public const string AuditFileName = "audit.csv";
    public const string NotStoredFileName = "not-stored.csv";

    /// <exception cref="ProcessedStoreException">The report cannot be written.</exception>
    public static async Task WriteReportAsync(string outputDirectory, ProcessingReport report, string? part, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(report, ReportJsonContext.Default.ProcessingReport);
        try
        {
            await AtomicFile.WriteAllBytesAsync(Path.Combine(outputDirectory, FolderProcessedStore.PartFileName(ReportFileName, part)), json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing the report to '{outputDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }
    }

    /// <summary>
    /// Writes the audit folder (never the output folder): the pairs, and the files not stored with their input paths,
    /// numbered as in a de-identified run's <c>report.json</c>.
    /// </summary>
    /// <exception cref="ProcessedStoreException">The files cannot be written.</exception>
    public static async Task WriteAuditAsync(string auditDirectory, IEnumerable<AuditEntry> entries, IReadOnlyList<ReportedFile> notStored, string? part, CancellationToken cancellationToken)
    {
        var files = new StringBuilder();
        CsvCells.AppendRow(files, ["Number", "Path", "Outcome", "Reason"]);
        for (var i = 0; i < notStored.Count; i++)
        {
            CsvCells.AppendRow(files, [(i + 1).ToString(CultureInfo.InvariantCulture), notStored[i].Path, notStored[i].Outcome.ToString(), notStored[i].Reason]);
        }

        var text = new StringBuilder();
        CsvCells.AppendRow(text, ["SOPInstanceUID", "Keyword", "Original", "Replacement"]);
        foreach (var entry in entries)
        {
            CsvCells.AppendRow(text, [entry.SopInstanceUid, entry.Keyword, entry.Original, entry.Replacement]);
        }

        try
        {
            Directory.CreateDirectory(auditDirectory);
            await AtomicFile.WriteAllBytesAsync(Path.Combine(auditDirectory, FolderProcessedStore.PartFileName(AuditFileName, part)), Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            await AtomicFile.WriteAllBytesAsync(Path.Combine(auditDirectory, FolderProcessedStore.PartFileName(NotStoredFileName, part)), Encoding.UTF8.GetBytes(files.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing the audit map to '{auditDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }
    }

    /// <summary>
    /// The report as a de-identified output folder may hold it: input folder and file names are often patients' names
    /// or record numbers, so the files not stored are numbered rather than named (their paths are in the result the
    /// caller gets, and in the audit folder's <c>not-stored.csv</c>).
    /// </summary>
    public static ProcessingReport WithoutInputPaths(ProcessingReport report) => report with
    {
        NotStored = [.. report.NotStored.Select((f, i) => f with { Path = FormattableString.Invariant($"input file #{i + 1}") })],
    };

    /// <summary>Moves a stored instance to the same relative path under the quarantine folder.</summary>
    /// <exception cref="ProcessedStoreException">The file cannot be moved.</exception>
    public static Task QuarantineAsync(StoredInstance instance, string quarantineDirectory)
    {
        var target = Path.Combine(quarantineDirectory, instance.RelativePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(instance.FullPath, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Moving an instance to the quarantine folder '{quarantineDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }

        return Task.CompletedTask;
    }

    /// <summary>The profile options that are on, the strict policy and the site rules that keep, by name, for the report.</summary>
    public static IReadOnlyList<string> EnabledOptions(AnonymizationOptions o)
    {
        var names = new List<string>();
        foreach (var option in ProfileOptions.All)
        {
            if (option.IsEnabled(o))
            {
                names.Add(option.Name);
            }
        }

        if (o.Policy == AnonymizationPolicy.Strict)
        {
            names.Add("StrictPolicy");
        }

        // What a site chose to keep beyond the profile, as the outputs' De-identification Method names it.
        names.AddRange(SiteRules.Compile(o.Rules)?.KeepDescriptions ?? []);
        return names;
    }
}
