using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// Parses elements, sequences, items and encapsulated fragments from a <see cref="ByteSource"/> in one transfer
/// syntax (switching to implicit VR little endian inside undefined-length UN). Large values become
/// <see cref="BulkDataRegion"/>s when <see cref="RegionsAllowed"/>. Every malformation is a <see cref="DicomFormatException"/>.
/// </summary>
internal sealed partial class DicomElementParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int PaddingProbeLength = 8;
    private static readonly DicomTag PixelData = new(0x7FE00010);
    private static readonly DicomTag PixelRepresentation = new(0x00280103);

    private readonly DicomReadOptions _options;
    private readonly CancellationToken _cancellationToken;
    private bool _explicitVR;

    public DicomElementParser(ByteSource source, DicomReadOptions options, CancellationToken cancellationToken)
    {
        Source = source;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Where the bytes come from; the reader swaps in the inflated stream for a deflated dataset.</summary>
    public ByteSource Source { get; set; }

    /// <summary>Whether large values may stay in the source file (a seekable file read by path, not deflated).</summary>
    public bool RegionsAllowed { get; set; }

    /// <summary>
    /// Reads a whole dataset to the end of the data (or to Pixel Data, with <see cref="DicomReadOptions.StopBeforePixelData"/>),
    /// in the VR encoding its first element shows where that contradicts the syntax (<see cref="DatasetVREncoding"/>).
    /// </summary>
    public void ReadDataset(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        Source.IsBigEndian = syntax.IsBigEndian;
        _explicitVR = DatasetVREncoding.IsExplicit(Source, syntax);
        ReadItems(dataset, -1, depth: 0, topLevel: true);
    }

    /// <summary>Reads one element of the file meta group, which is little endian; false at an item delimiter.</summary>
    public bool ReadFileMetaElement(bool explicitVR, out DicomEntry entry)
    {
        _explicitVR = explicitVR;
        Source.IsBigEndian = false;
        return ReadAttribute(default, 0, out entry);
    }

    /// <summary>
    /// Whether the rest of the data is zero padding, which some scanners and exporters append after the last element and
    /// pydicom and DCMTK read past. It is padding when the next element header would be all zeros (a zero tag with the
    /// VR 0x0000, never valid, or an empty command group length in implicit VR); then every byte to the end must be zero,
    /// so that padding cannot hide garbage or a truncated element.
    /// </summary>
    private bool AtZeroPadding()
    {
        if (Source.TryPeekBuffered(PaddingProbeLength, out var probe) && BinaryPrimitives.ReadUInt64LittleEndian(probe) != 0)
        {
            return false;
        }

        var head = Source.PeekUpTo(PaddingProbeLength);
        if (head.IsEmpty || head.ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var paddingStart = Source.Position;
        if (!Source.SkipZeros())
        {
            throw Source.Error(FormattableString.Invariant($"non-zero data after zero padding that starts at offset {paddingStart}"));
        }

        return true;
    }

    private DicomTag PeekTag()
    {
        var span = Source.Peek(4);
        return Source.IsBigEndian
            ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]))
            : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
    }

    /// <summary>Reads one attribute; false at an item delimitation item.</summary>
    private bool ReadAttribute(ReadOnlyMemory<byte> pixelRepresentation, int depth, out DicomEntry entry)
    {
        var headerOffset = Source.Position;
        if (_explicitVR && !Source.IsBigEndian && Source.TryPeekBuffered(12, out var head))
        {
            // Fast path for the common case, an explicit VR little endian header already in the buffer: decoded in
            // place. Anything unusual (a delimiter, bytes that are no VR) takes the checked path below, which reads the
            // same bytes again and reports them.
            var group = BinaryPrimitives.ReadUInt16LittleEndian(head);
            if (group != 0xFFFE && DicomVR.TryParse(head[4], head[5], out var headVR))
            {
                var headTag = new DicomTag(group, BinaryPrimitives.ReadUInt16LittleEndian(head[2..]));
                var longLength = headVR.HasLongExplicitLength;
                var headLength = longLength ? BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) : BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
                Source.Advance(longLength ? 12 : 8);
                entry = ReadValue(headTag, headVR, headLength, headerOffset, depth);
                return true;
            }
        }

        var tag = Source.ReadTag();
        if (tag.Group == 0xFFFE)
        {
            _ = Source.ReadUInt32();
            if (tag == DicomTag.ItemDelimitationTag)
            {
                entry = default;
                return false;
            }

            throw Source.Error(
                tag == DicomTag.ItemTag ? "an item where an element was expected" : $"a delimiter where an element was expected: {SafeMessageText.Tag(tag)}",
                headerOffset);
        }

        DicomVR vr;
        uint length;
        if (_explicitVR)
        {
            var code = Source.Read(2);
            if (!DicomVR.TryParse(code[0], code[1], out vr))
            {
                // Never the two bytes themselves: they are no VR, so they may be anything, a name's letters too.
                throw Source.Error($"an unknown VR for {SafeMessageText.Tag(tag)}", headerOffset + 4);
            }

            if (vr.HasLongExplicitLength)
            {
                Source.Read(2);
                length = Source.ReadUInt32();
            }
            else
            {
                length = Source.ReadUInt16();
            }
        }
        else
        {
            vr = ImplicitVR(tag, pixelRepresentation);
            length = Source.ReadUInt32();
        }

        entry = ReadValue(tag, vr, length, headerOffset, depth);
        return true;
    }

    /// <summary>Reads the value of an attribute whose header has been read.</summary>
    private DicomEntry ReadValue(DicomTag tag, DicomVR vr, uint length, long headerOffset, int depth)
    {
        var valueOffset = Source.Position;
        if (length == UndefinedLength)
        {
            if (vr.IsSequence || vr == DicomVR.UN)
            {
                // An undefined-length UN is a sequence whose content is implicit VR little endian (PS3.5 6.2.2).
                var asImplicit = vr == DicomVR.UN;
                return new DicomEntry(ReadSequence(tag, -1, depth, asImplicit));
            }

            if (tag == PixelData || vr.IsBulk)
            {
                return new DicomEntry(ReadFragments(tag, vr));
            }

            throw Source.Error($"undefined length on {SafeMessageText.Tag(tag)} with VR {vr}", headerOffset);
        }

        Source.CheckAvailable(length);
        if (vr.IsSequence)
        {
            return new DicomEntry(ReadSequence(tag, valueOffset + length, depth, asImplicit: false));
        }

        if (vr == DicomVR.UN && !tag.IsPrivate && !Source.IsBigEndian)
        {
            // A public attribute written as UN by software that did not know it: take it back with the dictionary's VR.
            var known = DicomDictionary.GetDefaultVR(tag);
            if (known.IsSequence)
            {
                return new DicomEntry(ReadSequence(tag, valueOffset + length, depth, asImplicit: true));
            }

            vr = known;
        }

        if (length >= _options.LargeValueThreshold && RegionsAllowed)
        {
            Source.Skip(length);
            return new DicomEntry(new DicomElement(tag, vr, new BulkDataRegion(Source.Path!, valueOffset, length, Source.IsBigEndian, DicomReader.SwapUnit(vr))));
        }

        var bytes = Source.ReadValue(length);
        if (Source.IsBigEndian)
        {
            // The value is this element's own slice of the reader's block (ByteSource.ReadValue), written nowhere else yet.
            BulkDataRegion.SwapInPlace(bytes.AsSpan(), DicomReader.SwapUnit(vr));
        }

        // No object: the dataset makes the element only if a caller asks for it (DicomEntry).
        return new DicomEntry(tag, vr, bytes);
    }

    /// <summary>
    /// The VR of an implicit VR element: the dictionary's, with "US or SS" resolved by the Pixel Representation
    /// (0028,0103) read before it at the same level, which precedes every attribute it governs.
    /// </summary>
    private static DicomVR ImplicitVR(DicomTag tag, ReadOnlyMemory<byte> pixelRepresentation)
    {
        var vr = DicomDictionary.GetDefaultVR(tag);
        if (vr == DicomVR.US
            && pixelRepresentation.Length >= 2
            && DicomDictionary.TryGetEntry(tag, out var entry)
            && entry.Allows(DicomVR.SS)
            && BinaryPrimitives.ReadUInt16LittleEndian(pixelRepresentation.Span) == 1)
        {
            return DicomVR.SS;
        }

        return vr;
    }

    private DicomSequence ReadSequence(DicomTag tag, long end, int depth, bool asImplicit)
    {
        if (depth >= _options.MaxSequenceDepth)
        {
            throw Source.Error(FormattableString.Invariant($"sequences nested deeper than {_options.MaxSequenceDepth} levels"));
        }

        var savedExplicit = _explicitVR;
        var savedBigEndian = Source.IsBigEndian;
        if (asImplicit)
        {
            _explicitVR = false;
            Source.IsBigEndian = false;
        }

        try
        {
            var sequence = new DicomSequence(tag);
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (end >= 0 && Source.Position >= end)
                {
                    if (Source.Position > end)
                    {
                        throw Source.Error("an item runs past the end of its sequence");
                    }

                    return sequence;
                }

                var itemOffset = Source.Position;
                var itemTag = Source.ReadTag();
                var itemLength = Source.ReadUInt32();
                if (itemTag == DicomTag.SequenceDelimitationTag)
                {
                    if (end >= 0)
                    {
                        throw Source.Error("a sequence delimiter inside a sequence of defined length", itemOffset);
                    }

                    return sequence;
                }

                if (itemTag != DicomTag.ItemTag)
                {
                    throw Source.Error($"expected an item in the sequence of {SafeMessageText.Tag(tag)}, found {SafeMessageText.Tag(itemTag)}", itemOffset);
                }

                var item = new DicomDataset();
                if (itemLength == UndefinedLength)
                {
                    ReadItems(item, -1, depth + 1, topLevel: false);
                }
                else
                {
                    Source.CheckAvailable(itemLength);
                    var itemEnd = Source.Position + itemLength;
                    if (end >= 0 && itemEnd > end)
                    {
                        throw Source.Error("an item is longer than its sequence", itemOffset);
                    }

                    ReadItems(item, itemEnd, depth + 1, topLevel: false);
                }

                sequence.Items.Add(item);
            }
        }
        finally
        {
            _explicitVR = savedExplicit;
            Source.IsBigEndian = savedBigEndian;
        }
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr)
    {
        var fragments = new List<DicomElement>();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var itemOffset = Source.Position;
            var itemTag = Source.ReadTag();
            var length = Source.ReadUInt32();
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                break;
            }

            if (itemTag != DicomTag.ItemTag)
            {
                throw Source.Error($"expected a fragment item in the encapsulated value of {SafeMessageText.Tag(tag)}, found {SafeMessageText.Tag(itemTag)}", itemOffset);
            }

            if (length == UndefinedLength)
            {
                throw Source.Error("a fragment of undefined length", itemOffset);
            }

            Source.CheckAvailable(length);
            var valueOffset = Source.Position;
            if (length >= _options.LargeValueThreshold && RegionsAllowed)
            {
                Source.Skip(length);
                fragments.Add(new DicomElement(DicomTag.ItemTag, DicomVR.OB, new BulkDataRegion(Source.Path!, valueOffset, length, false, 1)));
            }
            else
            {
                fragments.Add(new DicomElement(DicomTag.ItemTag, DicomVR.OB, Source.ReadBytes(length)));
            }
        }

        if (fragments.Count == 0)
        {
            throw Source.Error($"the encapsulated value of {SafeMessageText.Tag(tag)} has no basic offset table item");
        }

        return new DicomFragmentSequence(tag, vr, fragments[0], fragments.Skip(1));
    }
}
