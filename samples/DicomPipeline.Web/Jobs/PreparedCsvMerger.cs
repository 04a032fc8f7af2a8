using System.Collections.Concurrent;
using DicomPipeline.Csv;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The library's <see cref="ICsvLookupTableLoader"/>, remembering the tables the upload endpoint loaded and checked: when the job's
/// pipeline asks for the same file, it gets the table already read instead of parsing the CSV a second time. The
/// pipeline is unchanged; it is handed this merger in place of the library's.
/// </summary>
internal sealed class PreparedCsvMerger(ICsvLookupTableLoader library) : ICsvLookupTableLoader
{
    private readonly ConcurrentDictionary<string, CsvLookupTable> _prepared = new(StringComparer.Ordinal);

    /// <summary>Loads and checks the CSV now, and keeps the table for the job that will read <paramref name="path"/>.</summary>
    public async Task<CsvLookupTable> PrepareAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken)
    {
        var table = await library.LoadAsync(path, options, cancellationToken);
        _prepared[Path.GetFullPath(path)] = table;
        return table;
    }

    /// <summary>Drops a prepared table that no job will ask for (the job was cancelled, refused or has ended).</summary>
    public void Forget(string path) => _prepared.TryRemove(Path.GetFullPath(path), out _);

    public Task<CsvLookupTable> LoadAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken = default) =>
        _prepared.TryRemove(Path.GetFullPath(path), out var table) ? Task.FromResult(table) : library.LoadAsync(path, options, cancellationToken);
}
