using DicomPipeline.Dicom;

namespace DicomPipeline.Storage;

/// <summary>
/// Keeps processed instances in an output folder as
/// <c>&lt;PatientID&gt;/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm</c>, with a
/// <c>manifest.csv</c> beside them (the pipeline adds its <c>report.json</c>). Every file is written under a temporary name and renamed
/// into place, so a killed run never leaves half a file, and running again over the same output is idempotent.
/// </summary>
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
}
