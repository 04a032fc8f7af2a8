using DicomPipeline.Dicom;

namespace DicomPipeline.Storage;

/// <summary>The folder store: atomic writes and a sorted manifest. Holds no state, so one instance serves concurrent runs.</summary>
internal sealed class FolderProcessedStore : IProcessedStore
{
    internal const string ManifestFileName = "manifest.csv";

    // What a path component may hold as it is (PathComponent): ASCII letters, digits, '.', '-' and '_'.
    private static readonly System.Buffers.SearchValues<char> SafeCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-_");

    /// <inheritdoc/>
    /// <remarks>
    /// The probe write is asynchronous; creating the folder, listing leftovers and deleting files have no asynchronous
    /// form in .NET (nor a non-blocking one in Linux), and take microseconds each.
    /// </remarks>
    public async Task InitializeAsync(string outputDirectory, string? part = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        try
        {
            Directory.CreateDirectory(outputDirectory);
            // Parts of a shared folder run at once: a temporary file may be another part's work in progress, so only a run
            // of its own (or the merge of the parts, when all have finished) removes them.
            var partials = part is null
                ? Directory.EnumerateFiles(outputDirectory, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories)
                : [];
            foreach (var partial in partials)
            {
                cancellationToken.ThrowIfCancellationRequested();
                File.Delete(partial);
            }

            // Prove the folder is writable before any work starts, so a read-only output fails in one clear line.
            var probe = Path.Combine(outputDirectory, "." + Guid.NewGuid().ToString("N") + AtomicFile.PartialSuffix);
            await File.WriteAllBytesAsync(probe, [], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"The output folder '{outputDirectory}' cannot be written: {AtomicFile.Describe(ex)}.", ex);
        }
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
            // The file is written first and its folder made only when that fails for want of it: a series' folder is made
            // once, not asked for again (a failing mkdir and a stat) for every file. No cache of folders made, so the store
            // keeps no state between calls and runs sharing it (the web sample's jobs) cannot disturb each other.
            try
            {
                await file.SaveAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (IOException missing) when (missing is DirectoryNotFoundException or FileNotFoundException)
            {
                // FileNotFoundException too: .NET tells the two apart by looking at the folder after the failed open, and
                // another worker may have made it in between.
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await file.SaveAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing to the output folder '{outputDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }

        return new StoredInstance(relative, full, patientId, study, series, sop, clinicalColumns);
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(string outputDirectory, IReadOnlyCollection<StoredInstance> stored, string? part = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(stored);
        // One pass for the clinical column names, and to see whether the rows already come in path order (the pipeline
        // hands them over merged from sorted runs): then they are written as read, and never all held at once.
        var extraColumns = new List<string>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        var ordered = true;
        string? previous = null;
        foreach (var row in stored)
        {
            foreach (var column in row.ClinicalColumns?.Keys ?? Enumerable.Empty<string>())
            {
                if (seenColumns.Add(column))
                {
                    extraColumns.Add(column);
                }
            }

            ordered &= previous is null || string.CompareOrdinal(previous, row.RelativePath) <= 0;
            previous = row.RelativePath;
        }

        IEnumerable<StoredInstance> rows = ordered ? stored : stored.OrderBy(s => s.RelativePath, StringComparer.Ordinal);
        // Streamed row by row (Prepend, not a collection expression, which would gather the rows first).
        string[] header = ["Path", "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", .. extraColumns];
        var lines = rows.Select(row => (IEnumerable<string>)
            [
                row.RelativePath, row.PatientId, row.StudyInstanceUid, row.SeriesInstanceUid, row.SopInstanceUid,
                .. extraColumns.Select(c => row.ClinicalColumns is not null && row.ClinicalColumns.TryGetValue(c, out var v) ? v : string.Empty),
            ]);
        try
        {
            await CsvCells.WriteFileAsync(Path.Combine(outputDirectory, PartFileName(ManifestFileName, part)), lines.Prepend(header), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing the manifest to '{outputDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }
    }

    /// <summary>
    /// The name a run's own file (manifest, report, audit map) has in a folder several runs share: <c>report.json</c>
    /// → <c>report.shard-2-of-4.json</c> for the part <c>shard-2-of-4</c>; the name itself for a run of its own.
    /// </summary>
    internal static string PartFileName(string fileName, string? part) =>
        part is null ? fileName : Path.GetFileNameWithoutExtension(fileName) + "." + part + Path.GetExtension(fileName);

    /// <summary>
    /// A value made safe as one path component: only letters, digits, '.', '-' and '_' survive; anything else, and an
    /// empty or dot-only value, cannot escape the folder or clash with the file system.
    /// </summary>
    internal static string PathComponent(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty || !trimmed.ContainsAnyExcept('.'))
        {
            return "UNKNOWN";
        }

        // A UID or pseudonym is safe as it is: returned without a copy.
        if (!trimmed.ContainsAnyExcept(SafeCharacters))
        {
            return trimmed.Length == value.Length ? value : trimmed.ToString();
        }

        return string.Create(trimmed.Length, value, static (chars, source) =>
        {
            var from = source.AsSpan().Trim();
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = SafeCharacters.Contains(from[i]) ? from[i] : '_';
            }
        });
    }
}
