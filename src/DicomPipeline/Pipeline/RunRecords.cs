using System.Globalization;
using System.Text;
using System.Text.Json;
using DicomPipeline.Anonymization;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The run's own records, made here and kept by the <see cref="IProcessedStore"/>: <c>report.json</c> in the output
/// folder, and in the audit folder the original → replacement map (<c>audit.csv</c>) with the input paths of the files
/// not stored (<c>not-stored.csv</c>). The store writes each atomically.
/// </summary>
internal static class RunRecords
{
    public const string ReportFileName = "report.json";
    public const string AuditFileName = "audit.csv";
    public const string NotStoredFileName = "not-stored.csv";

    /// <exception cref="ProcessedStoreException">The report cannot be written.</exception>
    public static Task WriteReportAsync(IProcessedStore store, string outputDirectory, ProcessingReport report, string? part, CancellationToken cancellationToken) =>
        store.WriteRunRecordAsync(
            outputDirectory,
            FolderProcessedStore.PartFileName(ReportFileName, part),
            JsonSerializer.SerializeToUtf8Bytes(report, ReportJsonContext.Default.ProcessingReport),
            cancellationToken);

    /// <summary>
    /// Writes the audit folder (never the output folder): the pairs, and the files not stored with their input paths,
    /// numbered as in a de-identified run's <c>report.json</c>.
    /// </summary>
    /// <exception cref="ProcessedStoreException">The files cannot be written.</exception>
    public static async Task WriteAuditAsync(IProcessedStore store, string auditDirectory, IEnumerable<AuditEntry> entries, IReadOnlyList<ReportedFile> notStored, string? part, CancellationToken cancellationToken)
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

        await store.WriteRunRecordAsync(auditDirectory, FolderProcessedStore.PartFileName(AuditFileName, part), Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        await store.WriteRunRecordAsync(auditDirectory, FolderProcessedStore.PartFileName(NotStoredFileName, part), Encoding.UTF8.GetBytes(files.ToString()), cancellationToken).ConfigureAwait(false);
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
