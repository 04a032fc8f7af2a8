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
/// files has at most a few dozen runs open. The buffer holds the rows serialised, as the runs do, not as objects: rows
/// kept as objects until their run is written outlive several collections and reach the oldest generation, where each
/// batch stays as garbage until a full collection, so the process would grow with the number of files. The temporary
/// files live in the output folder, end in <see cref="AtomicWrite.PartialSuffix"/> (so a killed run's are swept by
/// the next) and are deleted on dispose. Their rows are what <c>manifest.csv</c> holds: values after processing, no more.
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
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _bufferWriter;
    private readonly List<int> _rowStarts;
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
        _bufferWriter = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
        _rowStarts = new List<int>(runLength);
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
            _rowStarts.Add(checked((int)_buffer.Position));
            WriteRow(_bufferWriter, instance);
            _count++;
            if (_rowStarts.Count < _runLength)
            {
                return;
            }

            try
            {
                var run = WriteRun(BufferedRows());
                _buffer.SetLength(0);
                _rowStarts.Clear();
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
            inMemory = [.. BufferedRows()];
        }

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
            _rowStarts.Clear();
            _bufferWriter.Dispose();
            _buffer.Dispose();
        }
    }

    // The rows in memory ordered by path, read one at a time from the buffer; called under the gate.
    private IEnumerable<StoredInstance> BufferedRows()
    {
        var bytes = _buffer.GetBuffer();
        var starts = _rowStarts.ToArray();
        Array.Sort(starts, (a, b) => RelativePathAt(bytes, a).SequenceCompareTo(RelativePathAt(bytes, b)));
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, (int)_buffer.Length, writable: false), Encoding.UTF8);
        foreach (var start in starts)
        {
            reader.BaseStream.Position = start;
            yield return ReadRow(reader);
        }
    }

    // A row's relative path as written by WriteRow: its length, then its UTF-16 code units, so comparing the spans
    // orders as string.CompareOrdinal does.
    private static ReadOnlySpan<char> RelativePathAt(byte[] bytes, int start)
    {
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(start));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(bytes.AsSpan(start + sizeof(int), length * sizeof(char)));
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
                WriteRow(writer, row);
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
            yield return ReadRow(reader);
        }
    }

    private static void WriteRow(BinaryWriter writer, StoredInstance row)
    {
        writer.Write(row.RelativePath.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.RelativePath.AsSpan()));
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

    private static StoredInstance ReadRow(BinaryReader reader)
    {
        var relativeLength = reader.ReadInt32();
        var relative = string.Create(relativeLength, reader, static (chars, r) => r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars)));
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

        return new StoredInstance(relative, full, patient, study, series, sop, columns);
    }
}
