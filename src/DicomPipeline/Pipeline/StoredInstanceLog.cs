using System.Collections;
using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The run's stored instances, kept for the manifest in bounded memory: rows gather in memory up to
/// <see cref="RunLength"/>, are then sorted by path and written to a temporary file of their own (a sorted run), and
/// <see cref="RunsPerMerge"/> runs of one size are merged into one of the next. Enumerating merges what is there, so the
/// rows come out ordered by <see cref="StoredInstance.RelativePath"/> and the store can write the manifest while reading.
/// </summary>
/// <remarks>
/// Memory is one buffer of rows plus a read buffer per open run, whatever the number of files; a run of 1,000,000
/// files has at most a few dozen runs open. The temporary files live in the output folder, end in
/// <see cref="AtomicWrite.PartialSuffix"/> (so a killed run's are swept by the next) and are deleted on dispose. Their
/// rows are what <c>manifest.csv</c> holds: values after processing, no more.
/// </remarks>
internal sealed class StoredInstanceLog : IReadOnlyCollection<StoredInstance>, IDisposable
{
    internal const int RunLength = 1024;
    internal const int RunsPerMerge = 16;

    private static readonly Comparer<StoredInstance> ByPath =
        Comparer<StoredInstance>.Create((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));

    private readonly object _gate = new();
    private readonly string _directory;
    private readonly int _runLength;
    private readonly List<StoredInstance> _buffer;
    private readonly List<List<string>> _levels = [];
    private int _count;
    private bool _disposed;

    /// <param name="directory">Where the sorted runs are written (the output folder).</param>
    /// <param name="runLength">Rows kept in memory before they are written as a run.</param>
    public StoredInstanceLog(string directory, int runLength = RunLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runLength, 1);
        _directory = directory;
        _runLength = runLength;
        _buffer = new List<StoredInstance>(runLength);
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The temporary files holding rows now (for the tests).</summary>
    internal IReadOnlyList<string> RunFiles
    {
        get
        {
            lock (_gate)
            {
                return Runs();
            }
        }
    }

    /// <summary>Adds a row; safe from several threads. A full buffer is written as a run before this returns.</summary>
    /// <exception cref="ProcessedStoreException">A run could not be written (disk full, …).</exception>
    public void Add(StoredInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.Add(instance);
            _count++;
            if (_buffer.Count < _runLength)
            {
                return;
            }

            try
            {
                _buffer.Sort(ByPath);
                var run = WriteRun(_buffer);
                _buffer.Clear();
                AddRun(0, run);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ProcessedStoreException($"Keeping the manifest's rows in '{_directory}' failed: {AtomicFile.Describe(ex)}.", ex);
            }
        }
    }

    /// <summary>The rows ordered by path: a merge of every run and the rows still in memory. Not while rows are added.</summary>
    public IEnumerator<StoredInstance> GetEnumerator()
    {
        List<string> runs;
        StoredInstance[] inMemory;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            runs = Runs();
            inMemory = [.. _buffer];
        }

        Array.Sort(inMemory, ByPath);
        return Merge([.. runs.Select(ReadRun), inMemory.AsEnumerable()]).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var run in Runs())
            {
                File.Delete(run);
            }

            _levels.Clear();
            _buffer.Clear();
        }
    }

    // Every run file, whatever its level; called under the gate.
    private List<string> Runs() => [.. _levels.SelectMany(level => level)];

    // A full level is merged into one run of the next, so the number of runs (and of files open while enumerating)
    // grows with the logarithm of the row count.
    private void AddRun(int level, string run)
    {
        while (_levels.Count <= level)
        {
            _levels.Add([]);
        }

        _levels[level].Add(run);
        if (_levels[level].Count < RunsPerMerge)
        {
            return;
        }

        var merged = WriteRun(Merge([.. _levels[level].Select(ReadRun)]));
        foreach (var file in _levels[level])
        {
            File.Delete(file);
        }

        _levels[level].Clear();
        AddRun(level + 1, merged);
    }

    private static IEnumerable<StoredInstance> Merge(IReadOnlyList<IEnumerable<StoredInstance>> sources) =>
        SortedMerge.Merge(sources, ByPath);

    private string WriteRun(IEnumerable<StoredInstance> rows)
    {
        var path = Path.Combine(_directory, ".manifest-rows." + Guid.NewGuid().ToString("N") + AtomicWrite.PartialSuffix);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024);
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            foreach (var row in rows)
            {
                writer.Write(true);
                writer.Write(row.RelativePath);
                writer.Write(row.FullPath);
                writer.Write(row.PatientId);
                writer.Write(row.StudyInstanceUid);
                writer.Write(row.SeriesInstanceUid);
                writer.Write(row.SopInstanceUid);
                writer.Write(row.ClinicalColumns?.Count ?? -1);
                foreach (var (column, value) in row.ClinicalColumns ?? new Dictionary<string, string>())
                {
                    writer.Write(column);
                    writer.Write(value);
                }
            }

            writer.Write(false);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return path;
    }

    private static IEnumerable<StoredInstance> ReadRun(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        while (reader.ReadBoolean())
        {
            var relative = reader.ReadString();
            var full = reader.ReadString();
            var patient = reader.ReadString();
            var study = reader.ReadString();
            var series = reader.ReadString();
            var sop = reader.ReadString();
            var columnCount = reader.ReadInt32();
            Dictionary<string, string>? columns = null;
            if (columnCount >= 0)
            {
                columns = new Dictionary<string, string>(columnCount, StringComparer.Ordinal);
                for (var i = 0; i < columnCount; i++)
                {
                    columns.Add(reader.ReadString(), reader.ReadString());
                }
            }

            yield return new StoredInstance(relative, full, patient, study, series, sop, columns);
        }
    }
}
