using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DicomPipeline.Dicom;

/// <summary>
/// Writes Part 10 files. Headers and small values are gathered in one buffer and flushed in large writes; values still
/// in their source file are copied stream to stream. Sequences and items are written with undefined length, group
/// lengths are recomputed, odd values are padded as their VR requires.
/// </summary>
internal sealed partial class DicomWriter : IDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE00010);

    private readonly Stream _stream;
    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly bool _synchronous;
    private byte[] _buffer;
    private int _count;

    private DicomWriter(Stream stream, bool explicitVR, bool bigEndian)
        : this(stream, explicitVR, bigEndian, ArrayPool<byte>.Shared.Rent(FlushThreshold * 2), 0)
    {
    }

    private DicomWriter(Stream stream, bool explicitVR, bool bigEndian, byte[] buffer, int count)
    {
        _stream = stream;
        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
        _buffer = buffer;
        _count = count;

        // A file opened for synchronous I/O is written synchronously: its WriteAsync would queue the same blocking call
        // to the thread pool, one hop per flush, and the pipeline already runs its files in parallel.
        _synchronous = stream is FileStream { IsAsync: false };
    }

    public static async Task WriteFileAsync(Stream stream, DicomFile file, DicomWriteOptions options, CancellationToken cancellationToken)
    {
        var syntax = options.TransferSyntax ?? file.TransferSyntax;
        var hasPixels = file.Dataset.TryGetEntry(PixelData, out var pixels);
        var encapsulated = hasPixels && pixels.Fragments is not null;
        if (encapsulated && !syntax.Equals(file.TransferSyntax))
        {
            throw new InvalidOperationException(
                $"The pixel data is encapsulated ({SafeMessageText.TransferSyntax(file.TransferSyntax)}); it can only be written in that transfer syntax, not {SafeMessageText.TransferSyntax(syntax)}.");
        }

        if (!encapsulated && syntax.IsEncapsulated && hasPixels)
        {
            throw new InvalidOperationException($"Native pixel data cannot be written as {SafeMessageText.TransferSyntax(syntax)}: this library does not compress.");
        }

        using var metaWriter = new DicomWriter(stream, explicitVR: true, bigEndian: false);
        metaWriter.Reserve(132).Clear();
        "DICM"u8.CopyTo(metaWriter._buffer.AsSpan(128));
        await metaWriter.WriteDatasetAsync(BuildFileMeta(file, syntax), isFileBody: false, cancellationToken).ConfigureAwait(false);
        if (syntax.IsDeflated)
        {
            await metaWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WriteDatasetAsync(stream, file.Dataset, syntax, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The body goes on in the same buffer, so the file meta and the start of the dataset leave in one write.
        using var writer = metaWriter.ContinueAs(syntax.IsExplicitVR, syntax.IsBigEndian);
        await writer.WriteDatasetAsync(file.Dataset, isFileBody: true, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a bare dataset (no preamble, no file meta) in <paramref name="syntax"/>, as a network peer receives it.</summary>
    public static async Task WriteDatasetAsync(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, CancellationToken cancellationToken)
    {
        if (syntax.IsDeflated)
        {
            var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            await using (deflate.ConfigureAwait(false))
            {
                using var writer = new DicomWriter(deflate, true, false);
                await writer.WriteDatasetAsync(dataset, isFileBody: true, cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            using var writer = new DicomWriter(stream, syntax.IsExplicitVR, syntax.IsBigEndian);
            await writer.WriteDatasetAsync(dataset, isFileBody: true, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The file meta group: the source's extra elements kept, identity and UIDs always this library's and the dataset's.</summary>
    internal static DicomDataset BuildFileMeta(DicomFile file, DicomTransferSyntax syntax)
    {
        var meta = new DicomDataset();
        foreach (ref readonly var attribute in file.FileMetaInformation.Entries)
        {
            if (attribute.Tag.Group == 0x0002 && attribute.Tag.Element > 0x0013)
            {
                meta.Put(attribute);
            }
        }

        meta.SetBytes(new DicomTag(0x00020001), DicomVR.OB, new byte[] { 0x00, 0x01 });
        // The UIDs are copied as bytes: whatever the dataset holds, the meta must repeat it exactly.
        CopyUid(file, new DicomTag(0x00080016), new DicomTag(0x00020002), meta);
        CopyUid(file, new DicomTag(0x00080018), new DicomTag(0x00020003), meta);
        meta.SetString(new DicomTag(0x00020010), syntax.Uid, DicomVR.UI);
        meta.SetString(new DicomTag(0x00020012), DicomImplementation.ClassUid, DicomVR.UI);
        meta.SetString(new DicomTag(0x00020013), DicomImplementation.VersionName, DicomVR.SH);
        meta.SetNumbers(new DicomTag(0x00020000), DicomVR.UL, (uint)DatasetLength(meta, explicitVR: true));
        return meta;
    }

    private static void CopyUid(DicomFile file, DicomTag datasetTag, DicomTag metaTag, DicomDataset meta)
    {
        if (file.Dataset.TryGetValueEntry(datasetTag, out var element) || file.FileMetaInformation.TryGetValueEntry(metaTag, out element))
        {
            meta.Set(metaTag, DicomVR.UI, element.GetBytes());
        }
    }

    /// <summary>The encoded length of a dataset's attributes, as this writer writes them.</summary>
    internal static long DatasetLength(DicomDataset dataset, bool explicitVR)
    {
        long total = 0;
        foreach (ref readonly var attribute in dataset.Entries)
        {
            total += AttributeLength(attribute, explicitVR);
        }

        return total;
    }

    internal static long AttributeLength(in DicomEntry attribute, bool explicitVR)
    {
        switch (attribute.Held)
        {
            case DicomSequence sequence:
                long items = 0;
                foreach (var item in sequence.InnerItems)
                {
                    items += 8 + DatasetLength(item, explicitVR) + 8;
                }

                return (explicitVR ? 12 : 8) + items + 8;
            case DicomFragmentSequence fragments:
                var total = (explicitVR ? 12L : 8L) + 8 + Even(fragments.OffsetTable.Length) + 8;
                foreach (var fragment in fragments.Fragments)
                {
                    total += 8 + Even(fragment.Length);
                }

                return total;
            default:
                var length = Even(attribute.Length);
                var header = !explicitVR ? 8 : (attribute.VR.HasLongExplicitLength || length > 0xFFFE) ? 12 : 8;
                return header + length;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>A writer in another encoding that takes over this one's buffer and what is in it, unwritten.</summary>
    private DicomWriter ContinueAs(bool explicitVR, bool bigEndian)
    {
        var next = new DicomWriter(_stream, explicitVR, bigEndian, _buffer, _count);
        _buffer = [];
        _count = 0;
        return next;
    }

    private static long Even(long length) => length + (length & 1);

    private async ValueTask WriteDatasetAsync(DicomDataset dataset, bool isFileBody, CancellationToken cancellationToken)
    {
        for (var i = 0; i < dataset.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = dataset.EntryAt(i);
            if (isFileBody && attribute.Tag.Group == 0x0002)
            {
                // Group 0002 is file meta (PS3.10 7.1), written from BuildFileMeta only: a copy in the dataset is not written.
                continue;
            }

            if (attribute.Tag.IsGroupLength && attribute.IsElement)
            {
                // Recompute: the length of everything that follows in the same group, as written here.
                WriteGroupLength(dataset, i);
                continue;
            }

            switch (attribute.Held)
            {
                case DicomSequence sequence:
                    WriteHeader(sequence.Tag, DicomVR.SQ, UndefinedLength);
                    foreach (var item in sequence.InnerItems)
                    {
                        WriteTagLength(DicomTag.ItemTag, UndefinedLength);
                        await WriteDatasetAsync(item, isFileBody: false, cancellationToken).ConfigureAwait(false);
                        WriteTagLength(DicomTag.ItemDelimitationTag, 0);
                    }

                    WriteTagLength(DicomTag.SequenceDelimitationTag, 0);
                    break;
                case DicomFragmentSequence fragments:
                    WriteHeader(fragments.Tag, fragments.VR, UndefinedLength);
                    await WriteFragmentAsync(fragments.OffsetTable, cancellationToken).ConfigureAwait(false);
                    foreach (var fragment in fragments.Fragments)
                    {
                        await WriteFragmentAsync(fragment, cancellationToken).ConfigureAwait(false);
                    }

                    WriteTagLength(DicomTag.SequenceDelimitationTag, 0);
                    break;
                case DicomElement { Region: not null } bulk:
                    WriteHeader(bulk.Tag, bulk.VR, (uint)Even(bulk.Length));
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    await bulk.Region.CopyToAsync(_stream, _bigEndian, cancellationToken).ConfigureAwait(false);
                    if ((bulk.Length & 1) == 1)
                    {
                        Reserve(1)[0] = bulk.VR.PaddingByte;
                    }

                    break;
                default:
                    WriteElement(attribute.Tag, attribute.VR, attribute.ValueSpan);
                    break;
            }

            if (_count >= FlushThreshold)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask WriteFragmentAsync(DicomElement fragment, CancellationToken cancellationToken)
    {
        WriteTagLength(DicomTag.ItemTag, (uint)Even(fragment.Length));
        if (fragment.Region is not null)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await fragment.Region.CopyToAsync(_stream, bigEndian: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            fragment.MemoryBytes.Span.CopyTo(Reserve(fragment.MemoryBytes.Length));
        }

        if ((fragment.Length & 1) == 1)
        {
            Reserve(1)[0] = 0;
        }
    }

    private void WriteGroupLength(DicomDataset dataset, int index)
    {
        var entries = dataset.Entries;
        var group = entries[index].Tag.Group;
        long groupLength = 0;
        for (var j = index + 1; j < entries.Length && entries[j].Tag.Group == group; j++)
        {
            groupLength += AttributeLength(entries[j], _explicitVR);
        }

        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)groupLength);
        WriteElement(entries[index].Tag, DicomVR.UL, value);
    }

    private void WriteElement(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> value)
    {
        var padded = Even(value.Length);
        WriteHeader(tag, vr, (uint)padded);
        var target = Reserve((int)padded);
        value.CopyTo(target);
        if (padded != value.Length)
        {
            target[^1] = vr.PaddingByte;
        }

        var unit = DicomReader.SwapUnit(vr);
        if (_bigEndian && unit > 1)
        {
            BulkDataRegion.SwapInPlace(target, unit);
        }
    }

    private ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return ValueTask.CompletedTask;
        }

        if (_synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _stream.Write(_buffer, 0, _count);
            _count = 0;
            return ValueTask.CompletedTask;
        }

        return FlushSlowAsync(cancellationToken);
    }

    private async ValueTask FlushSlowAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
        _count = 0;
    }
}
