namespace DicomPipeline.Csv;

/// <summary>
/// Loads a clinical CSV into a <see cref="CsvLookupTable"/> that maps each original key (by default the original
/// Patient ID) to a row whose DICOM-keyword columns are written into the instances and whose other columns travel
/// beside them in the manifest; the pipeline's CSV stage joins the table to the images. Implement it to take the table
/// from somewhere else (a cache, a database): build the table with the <see cref="CsvLookupTable"/> constructor, which
/// checks the rows as a file's would be. Implementations are thread-safe.
/// </summary>
public interface ICsvLookupTableLoader
{
    /// <summary>
    /// Reads and checks the whole CSV before anything is written: the header (the key column, keyword columns that are
    /// text attributes), every row's field count, quoting, key (present, unique) and every keyword column's value
    /// against the attribute's VR and value multiplicity. UTF-8 with or without a byte order mark.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The key column, the attribute it matches, the delimiter and the column mappings.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The lookup table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="options"/> are not valid.</exception>
    /// <exception cref="CsvMergeException">The CSV cannot be used; the message names the line and column.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<CsvLookupTable> LoadAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken = default);
}
