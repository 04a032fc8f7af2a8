namespace DicomPipeline.Pipeline;

/// <summary>
/// The run's claimed instances as <see cref="Dicom.UidKey"/> digests, in <see cref="ShardCount"/> small sets chosen by
/// the digest's low byte, each with its own lock: safe from several workers at once.
/// </summary>
/// <remarks>
/// One set of every digest grew by doubling: at 40,000 files its table was one 2.3 MB array on the large object heap,
/// and each doubling left the previous table there as garbage until a full collection, so the heap grew with the file
/// count. Shards grow a few kilobytes at a time (a table reaches the large object heap only past a million files), and
/// the tables they leave behind are small and short-lived.
/// </remarks>
internal sealed class ClaimedInstances
{
    internal const int ShardCount = 256;

    private readonly HashSet<UInt128>[] _shards = new HashSet<UInt128>[ShardCount];

    public ClaimedInstances()
    {
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = [];
        }
    }

    /// <summary>The largest table of any shard, in entries it has room for (for the tests).</summary>
    internal int LargestShardCapacity
    {
        get
        {
            var largest = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    largest = Math.Max(largest, shard.EnsureCapacity(0));
                }
            }

            return largest;
        }
    }

    /// <summary>Adds a digest; false when it was there already.</summary>
    public bool Add(UInt128 key)
    {
        var shard = _shards[(int)(key & (ShardCount - 1))];
        lock (shard)
        {
            return shard.Add(key);
        }
    }
}
