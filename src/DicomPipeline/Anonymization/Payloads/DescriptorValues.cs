using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>Reads the small numbers that describe a payload (rows, columns, LUT descriptors).</summary>
internal static class DescriptorValues
{
    /// <summary>A non-negative whole number of a US/UL/IS/SS attribute, or null.</summary>
    public static long? Number(DicomDataset dataset, DicomTag tag, int index = 0) =>
        dataset.TryGetNumber<long>(tag, index, out var value) && value >= 0 ? value : null;

    /// <summary>A 16-bit descriptor word read as unsigned whatever the VR (US or SS), or null.</summary>
    public static int? Word(DicomDataset dataset, DicomTag tag, int index)
    {
        if (!dataset.TryGetElement(tag, out var element) || element.IsInSourceFile)
        {
            return null;
        }

        if (element.VR == DicomVR.US || element.VR == DicomVR.SS || element.VR == DicomVR.OW)
        {
            var bytes = element.MemoryBytes.Span;
            return bytes.Length >= (index + 1) * 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes[(index * 2)..]) : null;
        }

        return dataset.TryGetNumber<long>(tag, index, out var value) ? (int)(value & 0xFFFF) : null;
    }

    /// <summary>An element cut to its first <paramref name="length"/> bytes, without reading a value still in its file.</summary>
    public static DicomElement Cut(DicomElement element, long length) =>
        element.Region is { } region
            ? new DicomElement(element.Tag, element.VR, region.Slice(length))
            : new DicomElement(element.Tag, element.VR, element.MemoryBytes[..(int)length]);

    /// <summary>The value's length without the one trailing pad byte an odd value gets.</summary>
    public static bool ExceedsEven(long actual, long expected) => actual > expected + (expected & 1);
}
