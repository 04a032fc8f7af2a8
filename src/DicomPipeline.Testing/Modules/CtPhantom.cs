using System.Buffers.Binary;

namespace DicomPipeline.Testing.Modules;

/// <summary>
/// A CT phantom in stored values (HU + 1024): air, an elliptic body of soft tissue, two lungs, a spine and a lesion
/// whose size changes from slice to slice, plus noise from the seeded generator. 16-bit little endian, signed.
/// </summary>
internal static class CtPhantom
{
    private const int MinStoredValue = -2048;
    private const int MaxStoredValue = 2047;

    public static (byte[] Pixels, short Smallest, short Largest) Create(Random random, int rows, int columns, int slice, int slices)
    {
        var pixels = new byte[rows * columns * 2];
        var cx = (columns - 1) / 2.0;
        var cy = (rows - 1) / 2.0;
        var lesionRadius = 0.12 * Math.Sin(Math.PI * (slice + 1) / (slices + 1));
        var smallest = short.MaxValue;
        var largest = short.MinValue;
        for (var y = 0; y < rows; y++)
        {
            var ny = (y - cy) / rows;
            for (var x = 0; x < columns; x++)
            {
                var nx = (x - cx) / columns;
                int hu;
                if (Inside(nx, ny, 0, 0.06, 0.05, 0.05))
                {
                    hu = 700;
                }
                else if (Inside(nx, ny, -0.15, -0.08, lesionRadius, lesionRadius))
                {
                    hu = 150;
                }
                else if (Inside(nx, ny, -0.18, -0.05, 0.13, 0.2) || Inside(nx, ny, 0.18, -0.05, 0.13, 0.2))
                {
                    hu = -850;
                }
                else if (Inside(nx, ny, 0, 0, 0.45, 0.38))
                {
                    hu = 40;
                }
                else
                {
                    hu = -1000;
                }

                var noise = random.Next(-12, 13) + random.Next(-12, 13);
                var stored = (short)Math.Clamp(hu + 1024 + noise, MinStoredValue, MaxStoredValue);
                smallest = Math.Min(smallest, stored);
                largest = Math.Max(largest, stored);
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(((y * columns) + x) * 2), stored);
            }
        }

        return (pixels, smallest, largest);
    }

    private static bool Inside(double x, double y, double centerX, double centerY, double radiusX, double radiusY)
    {
        if (radiusX <= 0 || radiusY <= 0)
        {
            return false;
        }

        var dx = (x - centerX) / radiusX;
        var dy = (y - centerY) / radiusY;
        return (dx * dx) + (dy * dy) <= 1;
    }
}
