using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Imaging;

/// <summary>The Image Pixel module's description of how an instance's frames are laid out (PS3.3 C.7.6.3).</summary>
internal sealed record PixelDescription(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool IsSigned,
    int PlanarConfiguration,
    string PhotometricInterpretation,
    int NumberOfFrames)
{
    /// <summary>Bytes one native (uncompressed) frame takes, without the padding a whole value gets.</summary>
    public long NativeFrameBytes =>
        PhotometricInterpretation is "YBR_FULL_422" or "YBR_PARTIAL_422"
            ? (long)Rows * Columns * 2 * (BitsAllocated / 8)
            : ((long)Rows * Columns * SamplesPerPixel * BitsAllocated + 7) / 8;

    /// <summary>Bytes per sample once decoded: 1 up to 8 bits allocated, 2 up to 16.</summary>
    public int DecodedBytesPerSample => BitsAllocated <= 8 ? 1 : 2;

    /// <summary>
    /// Reads the description from <paramref name="dataset"/>, or returns null with a one-line reason when it lacks the
    /// attributes or holds values this library does not decode.
    /// </summary>
    public static PixelDescription? FromDataset(DicomDataset dataset, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = dataset.GetNumberOrDefault(DicomTag.Rows, 0);
        var columns = dataset.GetNumberOrDefault(DicomTag.Columns, 0);
        var samples = dataset.GetNumberOrDefault(DicomTag.SamplesPerPixel, 1);
        var allocated = dataset.GetNumberOrDefault(DicomTag.BitsAllocated, 0);
        var stored = dataset.GetNumberOrDefault(DicomTag.BitsStored, allocated);
        var highBit = dataset.GetNumberOrDefault(DicomTag.HighBit, stored - 1);
        var signed = dataset.GetNumberOrDefault(DicomTag.PixelRepresentation, 0) == 1;
        var planar = dataset.GetNumberOrDefault(DicomTag.PlanarConfiguration, 0);
        var photometric = dataset.GetString(DicomTag.PhotometricInterpretation)?.Trim() ?? "";
        var framesText = dataset.GetString(DicomTag.NumberOfFrames)?.Trim();
        var frames = string.IsNullOrEmpty(framesText) ? 1 : int.TryParse(framesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : -1;

        reason = null;
        if (rows <= 0 || columns <= 0)
        {
            reason = "Rows or Columns (0028,0010/0011) is missing or zero";
        }
        else if (allocated is not (1 or 8 or 16))
        {
            reason = $"Bits Allocated (0028,0100) {allocated.ToString(CultureInfo.InvariantCulture)} is not decoded (1, 8 or 16 are)";
        }
        else if (stored < 1 || stored > allocated)
        {
            reason = "Bits Stored (0028,0101) is not between 1 and Bits Allocated";
        }
        else if (samples is not (1 or 3))
        {
            reason = $"Samples per Pixel (0028,0002) {samples.ToString(CultureInfo.InvariantCulture)} is not decoded (1 or 3 are)";
        }
        else if (frames < 1)
        {
            reason = "Number of Frames (0028,0008) is not a positive integer";
        }
        else if (photometric.Length == 0)
        {
            reason = "Photometric Interpretation (0028,0004) is missing";
        }

        return reason is null
            ? new PixelDescription(rows, columns, samples, allocated, stored, highBit, signed, planar, photometric, frames)
            : null;
    }
}
