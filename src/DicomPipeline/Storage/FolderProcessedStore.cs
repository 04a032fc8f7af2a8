using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Storage;

/// <summary>The folder store: atomic writes, a sorted manifest and a JSON report.</summary>
internal sealed class FolderProcessedStore : IProcessedStore
{
    internal const string ManifestFileName = "manifest.csv";
    internal const string ReportFileName = "report.json";
    internal const string AuditFileName = "audit.csv";
    internal const string NotStoredFileName = "not-stored.csv";
    private const string PartialSuffix = ".partial";
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // Series folders already made: every instance of a series goes to the same folder, so one mkdir per series.
    private readonly ConcurrentDictionary<string, bool> _createdFolders = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task InitializeAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        _createdFolders.Clear();
        try
        {
            Directory.CreateDirectory(outputDirectory);
            foreach (var partial in Directory.EnumerateFiles(outputDirectory, "*" + PartialSuffix, SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                File.Delete(partial);
            }

            // Prove the folder is writable before any work starts, so a read-only output fails in one clear line.
            var probe = Path.Combine(outputDirectory, "." + Guid.NewGuid().ToString("N") + PartialSuffix);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"The output folder '{outputDirectory}' cannot be written: {Describe(ex)}.", ex);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<StoredInstance> SaveAsync(
        string outputDirectory,
        DicomFile file,
        IReadOnlyDictionary<string, string>? clinicalColumns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset;
        var patientId = dataset.GetString(DicomTag.PatientID) ?? string.Empty;
        var study = dataset.GetString(DicomTag.StudyInstanceUID) ?? string.Empty;
        var series = dataset.GetString(DicomTag.SeriesInstanceUID) ?? string.Empty;
        var sop = dataset.GetString(DicomTag.SOPInstanceUID) ?? string.Empty;
        var relative = string.Join('/', PathComponent(patientId), PathComponent(study), PathComponent(series), PathComponent(sop) + ".dcm");
        var full = Path.Combine(outputDirectory, relative);
        try
        {
            var folder = Path.GetDirectoryName(full)!;
            if (!_createdFolders.ContainsKey(folder))
            {
                Directory.CreateDirectory(folder);
                _createdFolders.TryAdd(folder, true);
            }

            await file.SaveAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing to the output folder '{outputDirectory}' failed: {Describe(ex)}.", ex);
        }

        return new StoredInstance(relative, full, patientId, study, series, sop, clinicalColumns);
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(
        string outputDirectory,
        IReadOnlyCollection<StoredInstance> stored,
        ProcessingReport report,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(report);
        var extraColumns = stored
            .Where(s => s.ClinicalColumns is not null)
            .SelectMany(s => s.ClinicalColumns!.Keys)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var manifest = new StringBuilder();
        AppendRow(manifest, ["Path", "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", .. extraColumns]);
        foreach (var row in stored.OrderBy(s => s.RelativePath, StringComparer.Ordinal))
        {
            var extras = extraColumns.Select(c => row.ClinicalColumns is not null && row.ClinicalColumns.TryGetValue(c, out var v) ? v : string.Empty);
            AppendRow(manifest, [row.RelativePath, row.PatientId, row.StudyInstanceUid, row.SeriesInstanceUid, row.SopInstanceUid, .. extras]);
        }

        try
        {
            await WriteAtomicallyAsync(Path.Combine(outputDirectory, ManifestFileName), Encoding.UTF8.GetBytes(manifest.ToString()), cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(Path.Combine(outputDirectory, ReportFileName), JsonSerializer.SerializeToUtf8Bytes(report, JsonOptions), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing the manifest or report to '{outputDirectory}' failed: {Describe(ex)}.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task WriteAuditAsync(string auditDirectory, IEnumerable<AuditEntry> entries, IReadOnlyList<ReportedFile> notStored, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(auditDirectory);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notStored);
        var files = new StringBuilder();
        AppendRow(files, ["Number", "Path", "Outcome", "Reason"]);
        for (var i = 0; i < notStored.Count; i++)
        {
            AppendRow(files, [(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), notStored[i].Path, notStored[i].Outcome, notStored[i].Reason]);
        }

        var text = new StringBuilder();
        AppendRow(text, ["SOPInstanceUID", "Keyword", "Original", "Replacement"]);
        foreach (var entry in entries)
        {
            AppendRow(text, [entry.SopInstanceUid, entry.Keyword, entry.Original, entry.Replacement]);
        }

        try
        {
            Directory.CreateDirectory(auditDirectory);
            await WriteAtomicallyAsync(Path.Combine(auditDirectory, AuditFileName), Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(Path.Combine(auditDirectory, NotStoredFileName), Encoding.UTF8.GetBytes(files.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing the audit map to '{auditDirectory}' failed: {Describe(ex)}.", ex);
        }
    }

    /// <summary>
    /// A value made safe as one path component: only letters, digits, '.', '-' and '_' survive; anything else, and an
    /// empty or dot-only value, cannot escape the folder or clash with the file system.
    /// </summary>
    internal static string PathComponent(string value)
    {
        var chars = value.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var text = new string(chars);
        return text.Length == 0 || text.All(c => c == '.') ? "UNKNOWN" : text;
    }

    /// <summary>
    /// Defuses a value a spreadsheet would take for a formula (OWASP "CSV injection"): a leading <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, tab or carriage return gets an apostrophe, so the cell shows as text. Negative numbers are
    /// quoted too, the price of never evaluating a cell. Other values are returned as they are.
    /// </summary>
    internal static string Defuse(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;

    /// <summary>A CSV cell: defused, then quoted when it holds a separator, a quote or a line break.</summary>
    internal static string Cell(string value)
    {
        value = Defuse(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void AppendRow(StringBuilder builder, IEnumerable<string> cells) =>
        builder.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix;
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        IOException io when io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        _ => ex.GetType().Name,
    };
}
