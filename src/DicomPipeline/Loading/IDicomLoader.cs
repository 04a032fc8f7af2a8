namespace DicomPipeline.Loading;

/// <summary>Finds and reads the DICOM instances under a folder.</summary>
public interface IDicomLoader
{
    /// <summary>
    /// Walks <paramref name="directory"/> recursively and yields every entry in ordinal order of full path: each
    /// readable DICOM instance, and each skipped file with its reason. Files that are not DICOM, DICOMDIR files,
    /// unreadable files and symlinks pointing outside the folder are skipped and reported, never thrown; symlinked
    /// folders are not descended.
    /// </summary>
    /// <param name="directory">The input folder.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The entries, in a stable order.</returns>
    /// <exception cref="DirectoryNotFoundException">The input folder does not exist.</exception>
    /// <exception cref="OperationCanceledException">The walk was cancelled.</exception>
    IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Groups the instances under <paramref name="directory"/> by PatientID, StudyInstanceUID and SeriesInstanceUID,
    /// reading only headers (never pixel data).
    /// </summary>
    /// <param name="directory">The input folder.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The grouping, with the skipped files.</returns>
    /// <exception cref="DirectoryNotFoundException">The input folder does not exist.</exception>
    /// <exception cref="OperationCanceledException">The walk was cancelled.</exception>
    Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default);
}
