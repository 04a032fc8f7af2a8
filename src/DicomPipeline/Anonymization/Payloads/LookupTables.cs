using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Lookup table data checked against its descriptor (entries, first mapped value, bits per entry; PS3.3 C.7.6.3.1.5,
/// C.11.1.1.1): palette colour LUTs, segmented palettes, and the LUT Data of modality, VOI, presentation and any other
/// LUT item. Bytes past the table are cut; a table shorter than its descriptor, or a segmented table that does not
/// parse, is removed with its descriptor.
/// </summary>
internal static class LookupTables
{
    private static readonly (DicomTag Descriptor, DicomTag Data, bool Segmented)[] Pairs =
    [
        (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData, false),
        (DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.GreenPaletteColorLookupTableData, false),
        (DicomTag.BluePaletteColorLookupTableDescriptor, DicomTag.BluePaletteColorLookupTableData, false),
        (DicomTag.AlphaPaletteColorLookupTableDescriptor, DicomTag.AlphaPaletteColorLookupTableData, false),
        (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.SegmentedRedPaletteColorLookupTableData, true),
        (DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.SegmentedGreenPaletteColorLookupTableData, true),
        (DicomTag.BluePaletteColorLookupTableDescriptor, DicomTag.SegmentedBluePaletteColorLookupTableData, true),
        (DicomTag.LUTDescriptor, DicomTag.LUTData, false),
    ];

    public static bool IsLookupTableTag(DicomTag tag)
    {
        foreach (var pair in Pairs)
        {
            if (pair.Data == tag)
            {
                return true;
            }
        }

        return false;
    }

    public static void Clean(DicomDataset dataset, string prefix, List<PayloadAction> actions)
    {
        foreach (var (descriptorTag, dataTag, segmented) in Pairs)
        {
            if (!dataset.TryGetElement(dataTag, out var data))
            {
                continue;
            }

            var path = PayloadCleaner.PathOf(prefix, dataTag);
            var entries = DescriptorValues.Word(dataset, descriptorTag, 0);
            var bits = DescriptorValues.Word(dataset, descriptorTag, 2);
            var length = entries is null || bits is null
                ? null
                : segmented
                    ? SegmentedLength(data, entries == 0 ? 65536 : entries.Value)
                    : TableLength(data.Length, entries == 0 ? 65536 : entries.Value, bits.Value);
            if (length is null)
            {
                dataset.Remove(dataTag);
                actions.Add(new PayloadAction(path, PayloadReasons.LutRemoved));
            }
            else if (length.Value < data.Length && DescriptorValues.ExceedsEven(data.Length, length.Value))
            {
                dataset.AddOrUpdate(DescriptorValues.Cut(data, length.Value));
                actions.Add(new PayloadAction(path, PayloadReasons.LutCut));
            }
        }
    }

    /// <summary>
    /// A table's length in bytes: one 16-bit word per entry; an 8-bit table may also come packed two entries to a word.
    /// Null when the value is shorter than either.
    /// </summary>
    private static long? TableLength(long actual, int entries, int bits)
    {
        long words = entries * 2L;
        if (actual >= words)
        {
            return words;
        }

        long packed = entries + (entries & 1);
        return bits <= 8 && actual == packed ? packed : null;
    }

    /// <summary>
    /// A segmented table's length (PS3.3 C.7.9.2): discrete (0, n, n values), linear (1, n, y) and indirect (2, n,
    /// 32-bit offset) segments, read until they give the descriptor's entries. Null when a segment is unknown or runs
    /// past the value.
    /// </summary>
    private static long? SegmentedLength(DicomElement data, int entries)
    {
        if (data.Length > 1 << 20)
        {
            return null;
        }

        var bytes = data.GetBytes().Span;
        var words = bytes.Length / 2;
        var position = 0;
        long mapped = 0;
        var lastSegments = new List<(int Start, int Count)>();
        while (mapped < entries)
        {
            if (position + 2 > words)
            {
                return null;
            }

            var opcode = Word(bytes, position);
            var count = Word(bytes, position + 1);
            switch (opcode)
            {
                case 0:
                    if (position + 2 + count > words)
                    {
                        return null;
                    }

                    lastSegments.Add((position, count));
                    mapped += count;
                    position += 2 + count;
                    break;
                case 1:
                    if (position + 3 > words)
                    {
                        return null;
                    }

                    lastSegments.Add((position, count));
                    mapped += count;
                    position += 3;
                    break;
                case 2:
                    // Indirect: copies count earlier segments; their entries are counted as the segments it points at
                    // would give, approximated by the average so far (the value still ends where the words end).
                    if (position + 4 > words || lastSegments.Count == 0)
                    {
                        return null;
                    }

                    mapped += count * Math.Max(1, mapped / lastSegments.Count);
                    position += 4;
                    break;
                default:
                    return null;
            }
        }

        return position * 2L;
    }

    private static int Word(ReadOnlySpan<byte> bytes, int index) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(index * 2)..]);
}
