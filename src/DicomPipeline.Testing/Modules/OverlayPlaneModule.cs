using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Overlay Plane (PS3.3 C.9.2) in group 6000: a graphic rectangle around the middle of the image.</summary>
internal sealed class OverlayPlaneModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var rows = instance.Rows;
        var columns = instance.Columns;
        dataset.SetNumbers(new DicomTag(0x60000010), DicomVR.US, (ushort)rows);
        dataset.SetNumbers(new DicomTag(0x60000011), DicomVR.US, (ushort)columns);
        dataset.SetString(new DicomTag(0x60000022), "Synthetic region of interest", DicomVR.LO);
        dataset.SetString(new DicomTag(0x60000040), "G", DicomVR.CS);
        dataset.SetNumbers(new DicomTag(0x60000050), DicomVR.SS, (short)1, (short)1);
        dataset.SetNumbers(new DicomTag(0x60000100), DicomVR.US, (ushort)1);
        dataset.SetNumbers(new DicomTag(0x60000102), DicomVR.US, (ushort)0);
        dataset.SetBytes(new DicomTag(0x60003000), DicomVR.OW, CreateOverlay(rows, columns));
    }

    /// <summary>A one-bit overlay, pixel by pixel from the first bit of the first byte, padded to whole 16-bit words.</summary>
    private static byte[] CreateOverlay(int rows, int columns)
    {
        var bits = (long)rows * columns;
        var bytes = new byte[((bits + 15) / 16) * 2];
        var top = rows / 4;
        var bottom = rows - 1 - (rows / 4);
        var left = columns / 4;
        var right = columns - 1 - (columns / 4);
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                if (y == top || y == bottom || x == left || x == right)
                {
                    var bit = ((long)y * columns) + x;
                    bytes[bit / 8] |= (byte)(1 << (int)(bit % 8));
                }
            }
        }

        return bytes;
    }
}
