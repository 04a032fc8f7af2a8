using System.Buffers;
using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.Storage;

namespace DicomPipeline.Destinations;

/// <summary>
/// What one destination confirmed storing, kept in the store's output folder beside <c>manifest.csv</c>, so that a re-run
/// sends only the rest to a destination that cannot be asked what it holds (DIMSE: no C-FIND here). Files
/// <c>sent.&lt;destination&gt;.&lt;writer&gt;.txt</c>, one SOP Instance UID per line; each destination object appends to
/// a file of its own (no two writers share one, so shards of one output folder need no lock), and every such file of the
/// destination counts when reading.
/// </summary>
/// <remarks>
/// Files are read incrementally (only what was appended since the last look), and only hashes of the UIDs are held (16
/// bytes each): a million recorded instances cost about 30 MB while their output folder is being sent. The most recent
/// <see cref="FoldersKept"/> output folders are remembered. Losing a line (a kill between the peer's answer and the
/// append) means one instance is sent again, which peers store once; so lines are flushed, not synced.
/// </remarks>
internal sealed class SentRecord
{
    /// <summary>Output folders whose record stays in memory (a gateway sends each study from its own folder).</summary>
    internal const int FoldersKept = 8;

    private readonly string _prefix;
    private readonly string _ownFileName;
    private readonly LinkedList<Folder> _folders = new();
    private readonly Lock _gate = new();

    /// <param name="destination">The destination's display name (its address without credentials).</param>
    public SentRecord(string destination)
    {
        _prefix = "sent." + FileNamePart(destination) + ".";
        _ownFileName = _prefix + Guid.NewGuid().ToString("N")[..12] + ".txt";
    }

    /// <summary>The start of the record files' names of this destination, e.g. <c>sent.dicom___STORESCP_127.0.0.1_11112.</c>.</summary>
    public string FilePrefix => _prefix;

    /// <summary>
    /// Which of <paramref name="instances"/> an earlier call or run recorded as stored. An instance whose path does not end
    /// with its relative path (a store that does not file by folder) is never recorded.
    /// </summary>
    public async Task<bool[]> ContainsAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken)
    {
        var recorded = new bool[instances.Count];
        foreach (var group in Enumerable.Range(0, instances.Count).GroupBy(i => OutputFolder(instances[i])))
        {
            if (group.Key is null)
            {
                continue;
            }

            var folder = FolderFor(group.Key);
            await folder.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await folder.RefreshAsync(_prefix, cancellationToken).ConfigureAwait(false);
                foreach (var i in group)
                {
                    recorded[i] = folder.Uids.Contains(UidKey.Of(instances[i].SopInstanceUid));
                }
            }
            finally
            {
                folder.Gate.Release();
            }
        }

        return recorded;
    }

    /// <summary>Appends <paramref name="instances"/> (confirmed by the destination) to this writer's record file of their output folder.</summary>
    /// <exception cref="IOException">The record cannot be written.</exception>
    public async Task AddAsync(IEnumerable<StoredInstance> instances, CancellationToken cancellationToken)
    {
        foreach (var group in instances.GroupBy(OutputFolder))
        {
            if (group.Key is null)
            {
                continue;
            }

            var folder = FolderFor(group.Key);
            var text = new StringBuilder();
            foreach (var instance in group)
            {
                text.Append(instance.SopInstanceUid).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString()); // the bytes UidKey hashes, so a line read back gives the same key
            await folder.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var path = Path.Combine(group.Key, _ownFileName);
                var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
                await using (stream.ConfigureAwait(false))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                // Written by this writer alone: known without reading it back.
                folder.ReadUpTo[_ownFileName] = folder.ReadUpTo.GetValueOrDefault(_ownFileName) + bytes.Length;
                foreach (var instance in group)
                {
                    folder.Uids.Add(UidKey.Of(instance.SopInstanceUid));
                }
            }
            finally
            {
                folder.Gate.Release();
            }
        }
    }

    /// <summary>As <see cref="ContainsAsync"/>; a record that cannot be read holds nothing: everything is sent, as peers store a repeated instance once.</summary>
    public async Task<bool[]> TryContainsAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken)
    {
        try
        {
            return await ContainsAsync(instances, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new bool[instances.Count];
        }
    }

    /// <summary>As <see cref="AddAsync"/>; a record that cannot be written costs only a repeated send on a re-run.</summary>
    public async Task TryAddAsync(IEnumerable<StoredInstance> confirmed, CancellationToken cancellationToken)
    {
        try
        {
            await AddAsync(confirmed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The instances were stored; only the re-run's shortcut is lost.
        }
    }

    /// <summary>The output folder of an instance: its full path without its relative path; null when they do not match.</summary>
    internal static string? OutputFolder(StoredInstance instance)
    {
        var relative = instance.RelativePath.Replace('/', Path.DirectorySeparatorChar);
        var full = instance.FullPath;
        if (relative.Length == 0 || full.Length <= relative.Length || !full.EndsWith(relative, StringComparison.Ordinal)
            || full[full.Length - relative.Length - 1] != Path.DirectorySeparatorChar)
        {
            return null;
        }

        return full[..(full.Length - relative.Length - 1)];
    }

    private static string FileNamePart(string value) =>
        new([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);

    private Folder FolderFor(string path)
    {
        lock (_gate)
        {
            for (var node = _folders.First; node is not null; node = node.Next)
            {
                if (string.Equals(node.Value.Path, path, StringComparison.Ordinal))
                {
                    _folders.Remove(node);
                    _folders.AddFirst(node);
                    return node.Value;
                }
            }

            var folder = new Folder(path);
            _folders.AddFirst(folder);
            if (_folders.Count > FoldersKept)
            {
                _folders.RemoveLast();
            }

            return folder;
        }
    }

    /// <summary>One output folder's record as far as it has been read.</summary>
    private sealed class Folder(string path)
    {
        public string Path { get; } = path;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public HashSet<UInt128> Uids { get; } = [];

        /// <summary>Bytes consumed per record file name (whole lines only).</summary>
        public Dictionary<string, long> ReadUpTo { get; } = new(StringComparer.Ordinal);

        /// <summary>Reads what every writer of this destination appended since the last look.</summary>
        public async Task RefreshAsync(string prefix, CancellationToken cancellationToken)
        {
            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(Path, prefix + "*.txt", SearchOption.TopDirectoryOnly).ToList();
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }

            foreach (var file in files)
            {
                var name = System.IO.Path.GetFileName(file);
                var from = ReadUpTo.GetValueOrDefault(name);
                try
                {
                    ReadUpTo[name] = from + await ReadLinesAsync(file, from, cancellationToken).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    // Removed while listed: a user starting the record afresh.
                }
            }
        }

        /// <summary>Adds the whole lines from <paramref name="offset"/> on; returns the bytes they took (a line being written is left for later).</summary>
        private async Task<long> ReadLinesAsync(string file, long offset, CancellationToken cancellationToken)
        {
            var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            using (handle)
            {
                var length = RandomAccess.GetLength(handle);
                if (length <= offset)
                {
                    return 0;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    long consumed = 0;
                    var carried = 0;
                    while (offset + consumed + carried < length)
                    {
                        var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(carried), offset + consumed + carried, cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        var filled = carried + read;
                        var start = 0;
                        for (var end = Array.IndexOf(buffer, (byte)'\n', 0, filled); end >= 0; end = Array.IndexOf(buffer, (byte)'\n', start, filled - start))
                        {
                            if (end > start)
                            {
                                Uids.Add(UidKey.Of(buffer.AsSpan(start, end - start)));
                            }

                            start = end + 1;
                        }

                        consumed += start;
                        carried = filled - start;
                        if (carried == buffer.Length)
                        {
                            // A "line" of 64 KiB is no UID: skip it whole.
                            consumed += carried;
                            carried = 0;
                        }
                        else
                        {
                            Buffer.BlockCopy(buffer, start, buffer, 0, carried);
                        }
                    }

                    return consumed;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }
}
