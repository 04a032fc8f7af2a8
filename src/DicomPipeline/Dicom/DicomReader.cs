using System.IO.Compression;

namespace DicomPipeline.Dicom;

/// <summary>
/// Reads a Part 10 file (or a bare dataset) into a <see cref="DicomFile"/>: the header first
/// (<see cref="DicomFileHeaderReader"/>: preamble, file meta, transfer syntax), then the dataset
/// (<see cref="DicomElementParser"/>), inflated first when the syntax is deflated. Large values stay in a seekable
/// source file as <see cref="BulkDataRegion"/>s. Every malformation becomes a <see cref="DicomFormatException"/> with
/// the file and the byte offset; anything else (a failing disk, a bug) surfaces as itself.
/// </summary>
internal static class DicomReader
{
    private static readonly DicomTag PixelData = new(0x7FE00010);

    /// <summary>Reads a file from <paramref name="stream"/>, positioned at its first byte.</summary>
    public static DicomFile Read(Stream stream, string? path, DicomReadOptions options, CancellationToken cancellationToken)
    {
        using var source = new ByteSource(stream, path, stream.CanSeek ? stream.Position : 0, maxUnseekableValueLength: options.MaxValueLengthFromUnseekableStream);
        var parser = new DicomElementParser(source, options, cancellationToken);
        try
        {
            return ReadFile(stream, path, source, parser, options);
        }
        catch (InvalidDataException ex)
        {
            // Only DeflateStream throws this: the compressed bytes are not a valid deflate stream.
            throw new DicomFormatException("the deflated dataset is corrupt", path, parser.Source.Position, ex);
        }
    }

    /// <summary>The size of the words whose byte order differs between little and big endian.</summary>
    internal static int SwapUnit(DicomVR vr) => vr == DicomVR.AT ? 2 : (vr.IsBinaryNumber || vr.IsBulk) ? vr.UnitSize : 1;

    private static DicomFile ReadFile(Stream stream, string? path, ByteSource source, DicomElementParser parser, DicomReadOptions options)
    {
        var (meta, syntax) = DicomFileHeaderReader.Read(source, parser);
        parser.RegionsAllowed = path is not null && stream.CanSeek && !syntax.IsDeflated;
        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            if (stream.CanSeek)
            {
                stream.Seek(source.Position, SeekOrigin.Begin);
            }
            else if (source.HasMore())
            {
                throw source.Error("a deflated dataset must be read from a seekable stream");
            }

            using var inner = new ByteSource(inflated, path, 0, maxUnseekableValueLength: options.MaxValueLengthFromUnseekableStream);
            parser.Source = inner;
            parser.ReadDataset(dataset, syntax);
            parser.Source = source;
        }
        else
        {
            parser.ReadDataset(dataset, syntax);
        }

        MoveFileMetaElements(dataset, meta);
        if (syntax.IsEncapsulated && dataset.TryGet(PixelData, out var pixels) && pixels is DicomElement)
        {
            throw source.Error($"Pixel Data has a defined length, but the transfer syntax is encapsulated: {SafeMessageText.TransferSyntax(syntax)}");
        }

        return new DicomFile(meta, dataset, syntax, path);
    }

    /// <summary>
    /// Group 0002 is the file meta information wherever a writer put it (PS3.10 7.1); left in the dataset it would be
    /// written out in the body. A copy of an element the meta already has is dropped: the meta's own one is authoritative.
    /// </summary>
    private static void MoveFileMetaElements(DicomDataset dataset, DicomDataset meta)
    {
        // The dataset is sorted by tag, so group 0002 (if any) comes first.
        if (dataset.Count == 0 || dataset.EntryAt(0).Tag.Group > 0x0002)
        {
            return;
        }

        // Sorted by tag: group 0002 is the start of the list; copied out, as the loop removes it.
        var entries = dataset.Entries;
        var metaCount = 0;
        while (metaCount < entries.Length && entries[metaCount].Tag.Group == 0x0002)
        {
            metaCount++;
        }

        foreach (var attribute in entries[..metaCount].ToArray())
        {
            if (!meta.Contains(attribute.Tag))
            {
                meta.Put(attribute);
            }

            dataset.Remove(attribute.Tag);
        }
    }
}
