using System.Buffers.Binary;
using System.IO.Compression;

namespace DicomPipeline.Dicom;

/// <summary>
/// Reads a Part 10 file (or a bare dataset) into a <see cref="DicomFile"/>. Large values stay in a seekable source
/// file as <see cref="BulkDataRegion"/>s. Every malformation becomes a <see cref="DicomFormatException"/> with the file
/// and the byte offset.
/// </summary>
internal sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE00010);
    private static readonly DicomTag PixelRepresentation = new(0x00280103);
    private static readonly DicomTag TransferSyntaxUidTag = new(0x00020010);
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    private readonly DicomReadOptions _options;
    private readonly CancellationToken _cancellationToken;
    private ByteSource _source = null!;
    private bool _explicitVR;
    private bool _regionsAllowed;

    private DicomReader(DicomReadOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads a file from <paramref name="stream"/>, positioned at its first byte.</summary>
    public static DicomFile Read(Stream stream, string? path, DicomReadOptions options, CancellationToken cancellationToken)
    {
        var reader = new DicomReader(options, cancellationToken);
        using var source = new ByteSource(stream, path, stream.CanSeek ? stream.Position : 0, maxUnseekableValueLength: options.MaxValueLengthFromUnseekableStream);
        reader._source = source;
        try
        {
            return reader.ReadFile(stream, path);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or IOException or ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new DicomFormatException(ReasonFor(ex), path, reader._source.Position, ex);
        }
    }

    private static string ReasonFor(Exception ex) => ex switch
    {
        InvalidDataException => "the deflated dataset is corrupt",
        EndOfStreamException => "unexpected end of data (file truncated?)",
        _ => "the data could not be read: " + ex.GetType().Name,
    };

    private DicomFile ReadFile(Stream stream, string? path)
    {
        var meta = new DicomDataset();
        var start = _source.Position;
        var hasPreamble = _source.Ensure(132) && _source.Peek(132)[128..].SequenceEqual(Magic);
        if (hasPreamble)
        {
            _source.Skip(132);
        }
        else if (_source.Ensure(4) && _source.Peek(4).SequenceEqual(Magic))
        {
            // "DICM" without the 128-byte preamble: seen from some writers that strip it.
            _source.Skip(4);
        }

        if (!_source.Ensure(8))
        {
            throw _source.Error(_source.Position == start && !_source.HasMore() ? "the file is empty" : "not a DICOM file: too short");
        }

        var first = _source.Peek(8);
        var firstGroup = BinaryPrimitives.ReadUInt16LittleEndian(first);
        if (firstGroup == 0x0002)
        {
            ReadFileMeta(meta);
        }
        else if (hasPreamble && firstGroup != 0x0008 && BinaryPrimitives.ReadUInt16BigEndian(first) != 0x0008)
        {
            throw _source.Error("the file meta information (group 0002) is missing after DICM");
        }

        DicomTransferSyntax syntax;
        if (meta.TryGetElement(TransferSyntaxUidTag, out var tsElement))
        {
            var uid = DicomDataset.TrimEnd(DicomDataset.DecodeAscii(tsElement.GetBytes().Span), DicomVR.UI);
            if (!IsValidUid(uid))
            {
                throw _source.Error("the Transfer Syntax UID (0002,0010) is not a valid UID");
            }

            syntax = DicomTransferSyntax.FromUid(uid);
        }
        else
        {
            syntax = GuessSyntax(hasPreamble);
        }

        _regionsAllowed = path is not null && stream.CanSeek && !syntax.IsDeflated;
        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            if (stream.CanSeek)
            {
                stream.Seek(_source.Position, SeekOrigin.Begin);
            }
            else if (_source.HasMore())
            {
                throw _source.Error("a deflated dataset must be read from a seekable stream");
            }

            var outer = _source;
            using var inner = new ByteSource(inflated, path, 0, maxUnseekableValueLength: _options.MaxValueLengthFromUnseekableStream);
            _source = inner;
            try
            {
                ReadDatasetBody(dataset, syntax);
            }
            finally
            {
                _source = outer;
            }
        }
        else
        {
            ReadDatasetBody(dataset, syntax);
        }

        if (syntax.IsEncapsulated && dataset.TryGet(PixelData, out var pixels) && pixels is DicomElement)
        {
            throw _source.Error($"Pixel Data has a defined length, but the transfer syntax ({syntax.Name}) is encapsulated");
        }

        return new DicomFile(meta, dataset, syntax, path);
    }

    /// <summary>Whether a text is a UID: dot-separated numbers, at most 64 characters (PS3.5 9.1).</summary>
    internal static bool IsValidUid(string uid)
    {
        if (uid.Length is 0 or > 64 || uid[0] == '.' || uid[^1] == '.' || uid.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in uid)
        {
            if (c != '.' && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private void ReadDatasetBody(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        _explicitVR = syntax.IsExplicitVR;
        _source.IsBigEndian = syntax.IsBigEndian;
        ReadItems(dataset, -1, depth: 0, topLevel: true);
    }

    private void ReadFileMeta(DicomDataset meta)
    {
        // The file meta group is always explicit VR little endian.
        _explicitVR = true;
        _source.IsBigEndian = false;
        long end = -1;
        while (_source.Ensure(4))
        {
            var span = _source.Peek(4);
            if (BinaryPrimitives.ReadUInt16LittleEndian(span) != 0x0002 || (end >= 0 && _source.Position >= end))
            {
                break;
            }

            if (_source.Ensure(6) && !DicomVR.TryParse(_source.Peek(6)[4], _source.Peek(6)[5], out _))
            {
                // Some writers put the meta group in implicit VR; tolerate it.
                _explicitVR = false;
            }

            var attribute = ReadAttribute(meta, 0, out var stop);
            if (stop || attribute is null)
            {
                break;
            }

            meta.AddFromReader(attribute);
            if (attribute.Tag.Value == 0x00020000 && attribute is DicomElement { Length: 4 } groupLength)
            {
                end = _source.Position + BinaryPrimitives.ReadUInt32LittleEndian(groupLength.GetBytes().Span);
            }

            _explicitVR = true;
        }
    }

    private DicomTransferSyntax GuessSyntax(bool hasPreamble)
    {
        if (!_source.Ensure(6))
        {
            throw _source.Error("not a DICOM file: too short");
        }

        var head = _source.Peek(6);
        var explicitVR = DicomVR.TryParse(head[4], head[5], out _);
        var leGroup = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var beGroup = BinaryPrimitives.ReadUInt16BigEndian(head);
        var bigEndian = explicitVR && beGroup < leGroup && beGroup <= 0x0010;

        // Without a preamble and meta, accept only a plausible first group, so that random files are not taken as DICOM.
        var group = bigEndian ? beGroup : leGroup;
        if (!hasPreamble && group is not (0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028) && !(group == 0x0000 && explicitVR))
        {
            throw _source.Error("not a DICOM file: no DICM prefix and no recognisable first element");
        }

        return bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
            : explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    /// <summary>Reads attributes into <paramref name="dataset"/> until <paramref name="end"/>, an item delimiter or the end of data.</summary>
    private void ReadItems(DicomDataset dataset, long end, int depth, bool topLevel)
    {
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (end >= 0)
            {
                if (_source.Position == end)
                {
                    return;
                }

                if (_source.Position > end)
                {
                    throw _source.Error("an element runs past the end of its item");
                }
            }
            else if (topLevel && !_source.HasMore())
            {
                return;
            }

            if (topLevel && _options.StopBeforePixelData && _source.Ensure(4) && PeekTag() == PixelData)
            {
                return;
            }

            var attribute = ReadAttribute(dataset, depth, out var stop);
            if (stop)
            {
                if (topLevel)
                {
                    throw _source.Error("an item delimiter outside of any item", _source.Position - 8);
                }

                if (end >= 0)
                {
                    throw _source.Error("an item delimiter inside an item of defined length", _source.Position - 8);
                }

                return;
            }

            if (attribute is not null)
            {
                dataset.AddFromReader(attribute);
            }
        }
    }

    private DicomTag PeekTag()
    {
        var span = _source.Peek(4);
        return _source.IsBigEndian
            ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]))
            : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
    }

    /// <summary>Reads one attribute; <paramref name="itemEnd"/> is set at an item delimitation item.</summary>
    private DicomAttribute? ReadAttribute(DicomDataset dataset, int depth, out bool itemEnd)
    {
        itemEnd = false;
        var headerOffset = _source.Position;
        var tag = _source.ReadTag();
        if (tag.Group == 0xFFFE)
        {
            var delimiterLength = _source.ReadUInt32();
            if (tag == DicomTag.ItemDelimitationTag)
            {
                itemEnd = true;
                return null;
            }

            throw _source.Error(
                tag == DicomTag.ItemTag ? "an item where an element was expected" : $"an unexpected delimiter {tag} (length {delimiterLength})",
                headerOffset);
        }

        DicomVR vr;
        uint length;
        if (_explicitVR)
        {
            var code = _source.Read(2);
            if (!DicomVR.TryParse(code[0], code[1], out vr))
            {
                throw _source.Error($"unknown VR bytes 0x{code[0]:X2}{code[1]:X2} for {tag}", headerOffset + 4);
            }

            if (vr.HasLongExplicitLength)
            {
                _source.Read(2);
                length = _source.ReadUInt32();
            }
            else
            {
                length = _source.ReadUInt16();
            }
        }
        else
        {
            vr = ImplicitVR(tag, dataset);
            length = _source.ReadUInt32();
        }

        var valueOffset = _source.Position;
        if (length == UndefinedLength)
        {
            if (vr.IsSequence || vr == DicomVR.UN)
            {
                // An undefined-length UN is a sequence whose content is implicit VR little endian (PS3.5 6.2.2).
                var asImplicit = vr == DicomVR.UN;
                return ReadSequence(tag, -1, depth, asImplicit);
            }

            if (tag == PixelData || vr.IsBulk)
            {
                return ReadFragments(tag, vr, depth);
            }

            throw _source.Error($"undefined length on {tag} with VR {vr}", headerOffset);
        }

        _source.CheckAvailable(length);
        if (vr.IsSequence)
        {
            return ReadSequence(tag, valueOffset + length, depth, asImplicit: false);
        }

        if (vr == DicomVR.UN && !tag.IsPrivate && !_source.IsBigEndian)
        {
            // A public attribute written as UN by software that did not know it: take it back with the dictionary's VR.
            var known = DicomDictionary.GetDefaultVR(tag);
            if (known.IsSequence)
            {
                return ReadSequence(tag, valueOffset + length, depth, asImplicit: true);
            }

            vr = known;
        }

        if (length >= _options.LargeValueThreshold && _regionsAllowed)
        {
            _source.Skip(length);
            return new DicomElement(tag, vr, new BulkDataRegion(_source.Path!, valueOffset, length, _source.IsBigEndian, SwapUnit(vr)));
        }

        var bytes = _source.ReadBytes(length);
        if (_source.IsBigEndian)
        {
            BulkDataRegion.SwapInPlace(bytes, SwapUnit(vr));
        }

        return new DicomElement(tag, vr, bytes);
    }

    /// <summary>
    /// The VR of an implicit VR element: the dictionary's, with "US or SS" resolved by the dataset's Pixel Representation
    /// (0028,0103), which precedes every attribute it governs.
    /// </summary>
    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        var vr = DicomDictionary.GetDefaultVR(tag);
        if (vr == DicomVR.US
            && DicomDictionary.TryGetEntry(tag, out var entry)
            && entry.ValueRepresentations.Contains(DicomVR.SS)
            && dataset.GetNumberOrDefault(PixelRepresentation, 0) == 1)
        {
            return DicomVR.SS;
        }

        return vr;
    }

    /// <summary>The size of the words whose byte order differs between little and big endian.</summary>
    internal static int SwapUnit(DicomVR vr) => vr == DicomVR.AT ? 2 : (vr.IsBinaryNumber || vr.IsBulk) ? vr.UnitSize : 1;

    private DicomSequence ReadSequence(DicomTag tag, long end, int depth, bool asImplicit)
    {
        if (depth >= _options.MaxSequenceDepth)
        {
            throw _source.Error(FormattableString.Invariant($"sequences nested deeper than {_options.MaxSequenceDepth} levels"));
        }

        var savedExplicit = _explicitVR;
        var savedBigEndian = _source.IsBigEndian;
        if (asImplicit)
        {
            _explicitVR = false;
            _source.IsBigEndian = false;
        }

        try
        {
            var sequence = new DicomSequence(tag);
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (end >= 0 && _source.Position >= end)
                {
                    if (_source.Position > end)
                    {
                        throw _source.Error("an item runs past the end of its sequence");
                    }

                    return sequence;
                }

                var itemOffset = _source.Position;
                var itemTag = _source.ReadTag();
                var itemLength = _source.ReadUInt32();
                if (itemTag == DicomTag.SequenceDelimitationTag)
                {
                    if (end >= 0)
                    {
                        throw _source.Error("a sequence delimiter inside a sequence of defined length", itemOffset);
                    }

                    return sequence;
                }

                if (itemTag != DicomTag.ItemTag)
                {
                    throw _source.Error($"expected an item in sequence {tag}, found {itemTag}", itemOffset);
                }

                var item = new DicomDataset();
                if (itemLength == UndefinedLength)
                {
                    ReadItems(item, -1, depth + 1, topLevel: false);
                }
                else
                {
                    _source.CheckAvailable(itemLength);
                    var itemEnd = _source.Position + itemLength;
                    if (end >= 0 && itemEnd > end)
                    {
                        throw _source.Error("an item is longer than its sequence", itemOffset);
                    }

                    ReadItems(item, itemEnd, depth + 1, topLevel: false);
                }

                sequence.Items.Add(item);
            }
        }
        finally
        {
            _explicitVR = savedExplicit;
            _source.IsBigEndian = savedBigEndian;
        }
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, int depth)
    {
        var fragments = new List<DicomElement>();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var itemOffset = _source.Position;
            var itemTag = _source.ReadTag();
            var length = _source.ReadUInt32();
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                break;
            }

            if (itemTag != DicomTag.ItemTag)
            {
                throw _source.Error($"expected a fragment item in encapsulated {tag}, found {itemTag}", itemOffset);
            }

            if (length == UndefinedLength)
            {
                throw _source.Error("a fragment of undefined length", itemOffset);
            }

            _source.CheckAvailable(length);
            var valueOffset = _source.Position;
            if (length >= _options.LargeValueThreshold && _regionsAllowed)
            {
                _source.Skip(length);
                fragments.Add(new DicomElement(DicomTag.ItemTag, DicomVR.OB, new BulkDataRegion(_source.Path!, valueOffset, length, false, 1)));
            }
            else
            {
                fragments.Add(new DicomElement(DicomTag.ItemTag, DicomVR.OB, _source.ReadBytes(length)));
            }
        }

        _ = depth;
        if (fragments.Count == 0)
        {
            throw _source.Error($"encapsulated {tag} has no basic offset table item");
        }

        return new DicomFragmentSequence(tag, vr, fragments[0], fragments.Skip(1));
    }
}
