using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Pixel data at the top level: native pixel data cut to what the image pixel description says it holds; encapsulated
/// pixel data reduced to its frames' fragments, each JPEG-family frame's header rewritten.
/// </summary>
internal static class PixelDataPayload
{
    /// <summary>The pixel data attributes, with the bits of a float sample (0: by Bits Allocated).</summary>
    private static readonly (DicomTag Tag, long Bits)[] PixelTags =
        [(DicomTag.PixelData, 0L), (DicomTag.FloatPixelData, 32L), (DicomTag.DoubleFloatPixelData, 64L)];

    public static void Clean(DicomDataset dataset, DicomTransferSyntax syntax, List<PayloadAction> actions)
    {
        foreach (var (tag, bits) in PixelTags)
        {
            // The entry, not the attribute: asking for the object would make one for pixel data read into memory.
            if (!dataset.TryGetEntry(tag, out var attribute))
            {
                continue;
            }

            switch (attribute)
            {
                case { Fragments: { } fragments }:
                    EncapsulatedPixelData.Clean(dataset, fragments, syntax, actions);
                    break;
                case { IsElement: true } when NativeLength(dataset, bits) is { } expected && DescriptorValues.ExceedsEven(attribute.Length, expected):
                    dataset.AddOrUpdate(DescriptorValues.Cut(attribute.ToElement(), expected));
                    actions.Add(new PayloadAction(tag.ToString(), PayloadReasons.PixelDataCut));
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Rows x columns x samples x frames x bits allocated, in bytes (rounded up for 1-bit images); YBR_*_422 holds two
    /// values per pixel (PS3.3 C.7.6.3.1.2). Null when the description is missing.
    /// </summary>
    internal static long? NativeLength(DicomDataset dataset, long bitsAllocated)
    {
        var rows = DescriptorValues.Number(dataset, DicomTag.Rows);
        var columns = DescriptorValues.Number(dataset, DicomTag.Columns);
        var bits = bitsAllocated > 0 ? bitsAllocated : DescriptorValues.Number(dataset, DicomTag.BitsAllocated);
        if (rows is null || columns is null || bits is null or 0)
        {
            return null;
        }

        var samples = DescriptorValues.Number(dataset, DicomTag.SamplesPerPixel) ?? 1;
        var photometric = dataset.TryGetValueEntry(DicomTag.PhotometricInterpretation, out var pi) && !pi.IsInSourceFile
            ? DicomDataset.DecodeAscii(pi.ValueSpan).Trim(' ', '\0')
            : string.Empty;
        if (photometric is "YBR_FULL_422" or "YBR_PARTIAL_422")
        {
            samples = 2;
        }

        var frames = Math.Max(1, DescriptorValues.Number(dataset, DicomTag.NumberOfFrames) ?? 1);
        var totalBits = (decimal)rows.Value * columns.Value * Math.Max(1, samples) * frames * bits.Value;
        return totalBits > long.MaxValue ? null : (long)((totalBits + 7) / 8);
    }
}
