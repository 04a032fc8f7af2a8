namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The folding buffers of one anonymizer (<see cref="FoldedText"/>): one per file being de-identified at a time, given
/// back after the file and reused, so folding allocates nothing in steady state. Owned by the anonymizer instance, not a
/// static or a thread-static (issue 26): two pipelines share nothing, and a worker thread holds nothing between files.
/// A buffer that grew past <see cref="MaximumKeptCapacity"/> (a large binary value) is dropped instead of kept.
/// </summary>
internal sealed class FoldedTextPool
{
    /// <summary>Buffers larger than this are not kept for the next file.</summary>
    private const int MaximumKeptCapacity = 64 * 1024;

    private readonly FoldedText?[] _spares = new FoldedText?[Math.Max(4, Environment.ProcessorCount * 2)];

    /// <summary>A spare buffer, or a new one when every spare is in use.</summary>
    public FoldedText Rent()
    {
        for (var i = 0; i < _spares.Length; i++)
        {
            if (Volatile.Read(ref _spares[i]) is not null && Interlocked.Exchange(ref _spares[i], null) is { } spare)
            {
                return spare;
            }
        }

        return new FoldedText();
    }

    /// <summary>Gives <paramref name="text"/> back for another file (dropped when it grew large or every slot is full).</summary>
    public void Return(FoldedText text)
    {
        if (text.Capacity > MaximumKeptCapacity)
        {
            return;
        }

        text.Clear();
        for (var i = 0; i < _spares.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _spares[i], text, null) is null)
            {
                return;
            }
        }
    }
}
