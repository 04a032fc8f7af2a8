namespace DicomPipeline.Dicom;

/// <summary>How a Part 10 file is read.</summary>
public sealed class DicomReadOptions
{
    /// <summary>The defaults: read everything, leave values of 64 KiB or more in the file, nest at most 128 deep.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop at Pixel Data (7FE0,0010) of the top-level dataset, for when only the header is wanted.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Values of at least this many bytes are not loaded when reading a seekable file: the dataset records where they
    /// are, and the writer copies them stream to stream. Values of a deflated dataset are always loaded.
    /// </summary>
    public int LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>
    /// The largest single value read from a stream of unknown length (a deflated dataset, a network stream). Such a
    /// value must be held in memory, and its length field cannot be checked against the file's size, so a deflate bomb
    /// behind a lying length would otherwise allocate gigabytes. Default 64 MiB.
    /// </summary>
    public int MaxValueLengthFromUnseekableStream { get; init; } = 64 * 1024 * 1024;

    /// <summary>How deep sequences may nest before the file is refused as malformed.</summary>
    public int MaxSequenceDepth { get; init; } = 128;
}
