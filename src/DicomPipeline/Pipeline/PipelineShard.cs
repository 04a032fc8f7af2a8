using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DicomPipeline.Pipeline;

/// <summary>
/// One part of a run split across machines or processes (a Kubernetes Indexed Job, a Slurm array): shard
/// <see cref="Index"/> of <see cref="Count"/> takes the instances whose Study Instance UID hashes to it, so a study never
/// splits, and the files that are not DICOM whose path hashes to it. Shards write into the same output folder, each its
/// own <c>manifest.shard-I-of-N.csv</c> and <c>report.shard-I-of-N.json</c>; <see cref="MergeAsync"/> then makes the
/// <c>manifest.csv</c> and <c>report.json</c> one run over the whole folder would have written.
/// </summary>
/// <remarks>
/// The split needs no shared state: HMAC pseudonyms and date shifts depend only on the secret and the original values,
/// so every shard writes the same bytes for an instance as a single run would.
/// </remarks>
public sealed record PipelineShard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">From 0 to <paramref name="count"/> − 1.</param>
    /// <param name="count">How many shards the run is split into, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1, or the index outside 0 … count − 1.</exception>
    public PipelineShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>This shard's number, from 0 (as Kubernetes' <c>JOB_COMPLETION_INDEX</c> and Slurm's array task ID).</summary>
    public int Index { get; }

    /// <summary>How many shards the run is split into.</summary>
    public int Count { get; }

    /// <summary>The name this shard's manifest and report parts carry, e.g. <c>shard-2-of-4</c>.</summary>
    public string PartName => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <summary>Reads <c>INDEX/COUNT</c>, e.g. <c>2/4</c>.</summary>
    /// <param name="text">The text to read.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">The text is not of the form INDEX/COUNT with 0 ≤ INDEX &lt; COUNT; the message says why in one line.</exception>
    public static PipelineShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException($"'{text}' is not a shard: write INDEX/COUNT, e.g. 0/4 for the first of four.");
        }

        if (count < 1)
        {
            throw new FormatException($"'{text}' is not a shard: COUNT must be at least 1.");
        }

        if (index >= count)
        {
            throw new FormatException($"'{text}' is not a shard: INDEX must be from 0 to {count - 1} when COUNT is {count}.");
        }

        return new PipelineShard(index, count);
    }

    /// <summary>Whether this shard takes the instances of the study with this Study Instance UID (or this input path).</summary>
    /// <param name="key">A Study Instance UID, or for a file that is not DICOM its path relative to the input folder.</param>
    /// <returns>True when the key hashes to this shard.</returns>
    public bool Owns(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Count == 1 || ShardOf(key, Count) == Index;
    }

    /// <summary>
    /// Combines the parts the shards wrote into <c>manifest.csv</c> and <c>report.json</c> (and, with an audit folder,
    /// its <c>audit.csv</c> and <c>not-stored.csv</c>), removes the parts and any temporary file a killed shard left.
    /// Every shard must have finished; the parts must all come from one split.
    /// </summary>
    /// <param name="outputDirectory">The output folder the shards wrote into.</param>
    /// <param name="auditDirectory">The audit folder the shards wrote into, or null.</param>
    /// <param name="cancellationToken">Stops the merge; nothing is half-written.</param>
    /// <returns>The merged report.</returns>
    /// <exception cref="PipelineException">A part is missing, parts of different splits or runs are mixed, or a file cannot be read or written; one line.</exception>
    public static Task<ProcessingReport> MergeAsync(string outputDirectory, string? auditDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        return ShardMerger.MergeAsync(outputDirectory, auditDirectory, cancellationToken);
    }

    /// <summary>The shard a key goes to: the first 8 bytes of its SHA-256, modulo the count (the same on every machine).</summary>
    internal static int ShardOf(string key, int count)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.UTF8.GetByteCount(key);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }
}
