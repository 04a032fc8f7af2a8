using DicomPipeline.Dicom;

namespace DicomPipeline.Storage;

/// <summary>
/// Keeps processed instances in an output folder as
/// <c>&lt;PatientID&gt;/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm</c>, with a
/// <c>manifest.csv</c>, <c>report.json</c> and the quarantine beside them, and the audit map in a folder of its own: the
/// store owns every file a run writes. Every file is written under a temporary name and renamed into place, so a killed
/// run never leaves half a file, and running again over the same output is idempotent.
/// </summary>
/// <remarks>
/// A store of your own implements the first three members; the run's records (report, audit map) and the quarantine
/// have default implementations that write files as the folder store does, so they are never silently dropped.
/// </remarks>
public interface IProcessedStore
{
    /// <summary>
    /// Creates the output folder and removes temporary files a killed run left behind; for one part of a run shared by
    /// several at once (<paramref name="part"/> given), the temporary files are left: they may be another part's.
    /// </summary>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="part">The name of this run's part of a shared output folder (e.g. <c>shard-0-of-4</c>), or null for a run of its own.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the folder is ready.</returns>
    /// <exception cref="ProcessedStoreException">The folder cannot be created or written.</exception>
    Task InitializeAsync(string outputDirectory, string? part = null, CancellationToken cancellationToken = default);

    /// <summary>Writes one instance and records its manifest row. Safe to call from several threads at once.</summary>
    /// <param name="outputDirectory">The output folder given to <see cref="InitializeAsync"/>.</param>
    /// <param name="file">The processed instance.</param>
    /// <param name="clinicalColumns">Extra manifest columns for this instance (e.g. from a clinical CSV), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left half-written.</param>
    /// <returns>Where the instance went.</returns>
    /// <exception cref="ProcessedStoreException">The file cannot be written (disk full, read-only folder, …).</exception>
    Task<StoredInstance> SaveAsync(string outputDirectory, DicomFile file, IReadOnlyDictionary<string, string>? clinicalColumns = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <c>manifest.csv</c> (or for a part, <c>manifest.PART.csv</c>): one row per stored instance, ordered by path,
    /// with the clinical columns.
    /// </summary>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="stored">The instances stored by the run, in any order; the folder store streams them when they come ordered by path.</param>
    /// <param name="part">The part name given to <see cref="InitializeAsync"/>, or null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the manifest is in place.</returns>
    /// <exception cref="ProcessedStoreException">The manifest cannot be written.</exception>
    Task CompleteAsync(string outputDirectory, IReadOnlyCollection<StoredInstance> stored, string? part = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one of the run's own records atomically: <c>report.json</c> (or <c>report.PART.json</c>) into the output
    /// folder, and the audit map's <c>audit.csv</c> and <c>not-stored.csv</c> into the audit folder (never the output
    /// folder). The pipeline makes their content; the store decides where and how it is kept.
    /// </summary>
    /// <param name="directory">The output folder, or the audit folder for the audit map.</param>
    /// <param name="fileName">The record's file name, part name included.</param>
    /// <param name="content">The whole record.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the record is in place.</returns>
    /// <exception cref="ProcessedStoreException">The record cannot be written.</exception>
    async Task WriteRunRecordAsync(string directory, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        try
        {
            Directory.CreateDirectory(directory);
            await AtomicFile.WriteAllBytesAsync(Path.Combine(directory, fileName), content.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcessedStoreException($"Writing {fileName} to '{directory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }
    }

    /// <summary>
    /// Moves a stored instance the verification found identifying data in out of the output folder, to the same
    /// relative path under <paramref name="quarantineDirectory"/>; it is then neither in the manifest nor sent.
    /// </summary>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="instance">The instance, as <see cref="SaveAsync"/> returned it.</param>
    /// <param name="quarantineDirectory">The quarantine folder, apart from the input, output and audit folders.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the file is moved.</returns>
    /// <exception cref="ProcessedStoreException">The file cannot be moved.</exception>
    Task QuarantineAsync(string outputDirectory, StoredInstance instance, string quarantineDirectory, CancellationToken cancellationToken = default)
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
}
