using DicomPipeline.Dicom;

namespace DicomPipeline.Imaging;

/// <summary>
/// Writes redacted frames back into a dataset without a second lossy generation: frames from a lossless syntax become
/// RLE Lossless (ours), native frames stay native, and frames from a lossy syntax are written uncompressed with Lossy
/// Image Compression (0028,2110) kept 01 and its method named. Samples outside the blanked boxes are the decoded
/// ones, bit for bit.
/// </summary>
internal static class PixelDataEncoder
{
    private static readonly Dictionary<string, string> LossyMethods = new(StringComparer.Ordinal)
    {
        // PS3.3 C.7.6.1.1.5.1's defined terms for Lossy Image Compression Method.
        ["1.2.840.10008.1.2.4.50"] = "ISO_10918_1",
        ["1.2.840.10008.1.2.4.51"] = "ISO_10918_1",
        ["1.2.840.10008.1.2.4.81"] = "ISO_14495_1",
        ["1.2.840.10008.1.2.4.91"] = "ISO_15444_1",
        ["1.2.840.10008.1.2.4.203"] = "ISO_15444_15",
    };

    /// <summary>Whether pixel data in <paramref name="syntax"/> may have lost information to compression.</summary>
    public static bool IsLossy(DicomTransferSyntax syntax) => LossyMethods.ContainsKey(syntax.Uid);

    /// <summary>
    /// Replaces Pixel Data in <paramref name="output"/> with <paramref name="frames"/> and sets the attributes that
    /// describe them; returns the transfer syntax the dataset must now be written in. With <paramref name="native"/>, frames
    /// from a lossless syntax are written uncompressed too (a peer that takes no compressed syntax).
    /// </summary>
    public static DicomTransferSyntax Write(IReadOnlyList<PixelFrame> frames, PixelDescription description, DicomTransferSyntax source, DicomDataset output, bool native = false)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        var first = frames[0];
        output.SetString(DicomTag.PhotometricInterpretation, first.PhotometricInterpretation);
        if (first.SamplesPerPixel > 1)
        {
            output.SetNumbers<ushort>(DicomTag.PlanarConfiguration, DicomVR.US, 0);
        }

        if (!native && source.IsEncapsulated && !IsLossy(source))
        {
            var fragments = frames.Select(f => new DicomElement(DicomTag.Item, DicomVR.OB, RleCodec.Encode(f)));
            output.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty), fragments));
            return DicomTransferSyntax.RleLossless;
        }

        var pixels = Native(frames, description);
        if (IsLossy(source))
        {
            output.SetString(DicomTag.LossyImageCompression, "01");
            if (!output.Contains(DicomTag.LossyImageCompressionMethod))
            {
                output.SetString(DicomTag.LossyImageCompressionMethod, LossyMethods[source.Uid]);
            }

            // The source's ratio when it named one; else the ratio of the compressed pixel data still in the output.
            if (!output.Contains(DicomTag.LossyImageCompressionRatio) && CompressedLength(output) is > 0 and var compressed)
            {
                var ratio = frames.Sum(f => (double)f.Data.Length) / compressed;
                output.SetString(DicomTag.LossyImageCompressionRatio, ratio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        output.AddOrUpdate(new DicomElement(DicomTag.PixelData, description.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, pixels));
        return source.IsEncapsulated || source.IsBigEndian ? DicomTransferSyntax.ExplicitVRLittleEndian : source;
    }

    /// <summary>The bytes of the encapsulated frames (offset table left out) of the dataset's Pixel Data, 0 when it is not encapsulated.</summary>
    private static long CompressedLength(DicomDataset dataset) =>
        dataset.Contains(DicomTag.PixelData) && dataset[DicomTag.PixelData] is DicomFragmentSequence fragments
            ? fragments.Fragments.Sum(f => (long)f.GetBytes().Length)
            : 0;

    private static byte[] Native(IReadOnlyList<PixelFrame> frames, PixelDescription description)
    {
        if (description.BitsAllocated == 1)
        {
            // Bit-packed across frame boundaries, least significant bit first (PS3.5 D.2).
            var samples = frames.Sum(f => f.Data.Length);
            var packed = new byte[(((samples + 7) / 8) + 1) & ~1];
            var bit = 0;
            foreach (var frame in frames)
            {
                foreach (var sample in frame.Data)
                {
                    if (sample != 0)
                    {
                        packed[bit >> 3] |= (byte)(1 << (bit & 7));
                    }

                    bit++;
                }
            }

            return packed;
        }

        var length = frames.Sum(f => (long)f.Data.Length);
        var bytes = new byte[(length + 1) & ~1L];
        var at = 0;
        foreach (var frame in frames)
        {
            frame.Data.CopyTo(bytes, at);
            at += frame.Data.Length;
        }

        return bytes;
    }
}
