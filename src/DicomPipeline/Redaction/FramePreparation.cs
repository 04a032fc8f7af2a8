using DicomPipeline.Dicom;
using DicomPipeline.Imaging;

namespace DicomPipeline.Redaction;

/// <summary>
/// Turns a decoded frame into the 8-bit grey picture a person would look at: stored values sign-extended, the Modality
/// LUT's rescale, then the file's first window (PS3.3 C.11.2.1.2, linear) or, without one, the frame's own range;
/// MONOCHROME1 inverted; colour frames by their luma. Text burned in by a device is drawn to be read this way.
/// </summary>
internal static class FramePreparation
{
    /// <summary>How the grey levels are chosen.</summary>
    public enum Mode
    {
        /// <summary>The file's window where it has one, as the device showed the image (the redactor's view).</summary>
        FileWindow,

        /// <summary>Always the frame's own minimum to maximum (a second, independent view for verification).</summary>
        FullRange,
    }

    public static GrayImage ToGray(PixelFrame frame, PixelDescription description, DicomDataset dataset, Mode mode = Mode.FileWindow)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(dataset);
        var pixels = frame.Rows * frame.Columns;
        var gray = new byte[pixels];
        if (frame.SamplesPerPixel == 3)
        {
            var ybr = frame.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal);
            var shift = frame.BytesPerSample == 2 ? Math.Max(0, description.BitsStored - 8) : 0;
            for (var p = 0; p < pixels; p++)
            {
                int r = Sample(frame, p * 3) >> shift, g = Sample(frame, (p * 3) + 1) >> shift, b = Sample(frame, (p * 3) + 2) >> shift;
                gray[p] = ybr ? (byte)Math.Clamp(r, 0, 255) : (byte)Math.Clamp(((299 * r) + (587 * g) + (114 * b)) / 1000, 0, 255);
            }

            return new GrayImage(frame.Columns, frame.Rows, gray);
        }

        if (frame.PhotometricInterpretation == "PALETTE COLOR")
        {
            return new GrayImage(frame.Columns, frame.Rows, PaletteLuma(frame, dataset));
        }

        // A table from stored value to grey level: one pass for the range, one through the table, whatever the window.
        var slope = dataset.GetNumberOrDefault(DicomTag.RescaleSlope, 1.0);
        var intercept = dataset.GetNumberOrDefault(DicomTag.RescaleIntercept, 0.0);
        var bits = description.BitsAllocated == 1 ? 1 : Math.Min(16, description.BitsStored);
        var mask = (1 << bits) - 1;
        var signBit = 1 << (bits - 1);
        int Signed(int stored) => description.IsSigned && (stored & signBit) != 0 ? stored - (1 << bits) : stored;
        int lowest = int.MaxValue, highest = int.MinValue;
        var seen = new bool[mask + 1];
        for (var p = 0; p < pixels; p++)
        {
            seen[Sample(frame, p) & mask] = true;
        }

        for (var stored = 0; stored <= mask; stored++)
        {
            if (seen[stored])
            {
                lowest = Math.Min(lowest, Signed(stored));
                highest = Math.Max(highest, Signed(stored));
            }
        }

        if (lowest > highest)
        {
            return new GrayImage(frame.Columns, frame.Rows, gray);
        }

        double first = (lowest * slope) + intercept, last = (highest * slope) + intercept;
        double low = Math.Min(first, last), high = Math.Max(first, last);
        if (mode == Mode.FileWindow
            && dataset.TryGetNumber<double>(DicomTag.WindowCenter, 0, out var center)
            && dataset.TryGetNumber<double>(DicomTag.WindowWidth, 0, out var width)
            && width >= 1)
        {
            low = center - 0.5 - ((width - 1) / 2);
            high = center - 0.5 + ((width - 1) / 2);
        }

        var range = Math.Max(high - low, 1e-9);
        var invert = frame.PhotometricInterpretation == "MONOCHROME1";
        var table = new byte[mask + 1];
        for (var stored = 0; stored <= mask; stored++)
        {
            var v = (Signed(stored) * slope) + intercept;
            var level = (byte)Math.Clamp(Math.Round((v - low) / range * 255), 0, 255);
            table[stored] = invert ? (byte)(255 - level) : level;
        }

        if (frame.BytesPerSample == 1)
        {
            var data = frame.Data.AsSpan(0, pixels);
            for (var p = 0; p < pixels; p++)
            {
                gray[p] = table[data[p] & mask];
            }
        }
        else
        {
            var data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(frame.Data.AsSpan(0, pixels * 2));
            for (var p = 0; p < pixels; p++)
            {
                gray[p] = table[data[p] & mask];
            }
        }

        return new GrayImage(frame.Columns, frame.Rows, gray);
    }

    private static int Sample(PixelFrame frame, int index) =>
        frame.BytesPerSample == 1 ? frame.Data[index] : frame.Data[index * 2] | (frame.Data[(index * 2) + 1] << 8);

    private static byte[] PaletteLuma(PixelFrame frame, DicomDataset dataset)
    {
        var pixels = frame.Rows * frame.Columns;
        var gray = new byte[pixels];
        var red = Lut(dataset, DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData);
        var green = Lut(dataset, new DicomTag(0x00281102), new DicomTag(0x00281202));
        var blue = Lut(dataset, new DicomTag(0x00281103), new DicomTag(0x00281203));
        for (var p = 0; p < pixels; p++)
        {
            var index = Sample(frame, p);
            if (red is null || green is null || blue is null)
            {
                gray[p] = (byte)Math.Min(index, 255);
                continue;
            }

            gray[p] = (byte)(((299 * red(index)) + (587 * green(index)) + (114 * blue(index))) / 1000);
        }

        return gray;
    }

    /// <summary>A palette LUT (PS3.3 C.7.6.3.1.5) as a function from index to an 8-bit level, or null without one.</summary>
    private static Func<int, int>? Lut(DicomDataset dataset, DicomTag descriptorTag, DicomTag dataTag)
    {
        if (!dataset.TryGetNumber<int>(descriptorTag, 0, out var entries)
            || !dataset.TryGetNumber<int>(descriptorTag, 1, out var first)
            || !dataset.TryGetNumber<int>(descriptorTag, 2, out var bits)
            || !dataset.TryGetElement(dataTag, out var element))
        {
            return null;
        }

        var data = element.GetBytes().ToArray();
        var count = entries == 0 ? 65536 : entries;
        var wide = bits == 16 || data.Length >= count * 2;
        return index =>
        {
            var i = Math.Clamp(index - first, 0, count - 1);
            return wide && (i * 2) + 1 < data.Length ? data[(i * 2) + 1] : i < data.Length ? data[i] : 0;
        };
    }
}
