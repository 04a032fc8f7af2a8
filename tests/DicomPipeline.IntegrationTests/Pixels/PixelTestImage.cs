using DicomPipeline.Dicom;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>
/// A synthesized native image whose pixel values the test knows independently of any decoder: a gradient with noise
/// (so that codecs have something to do), per frame and sample, written as a Secondary Capture file.
/// </summary>
internal sealed record PixelTestImage(
    int Rows,
    int Columns,
    int SamplesPerPixel = 1,
    int BitsAllocated = 8,
    int BitsStored = 8,
    bool Signed = false,
    int Frames = 1,
    string Photometric = "MONOCHROME2",
    int PlanarConfiguration = 0)
{
    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>The stored value of sample <paramref name="s"/> of pixel (<paramref name="x"/>, <paramref name="y"/>) in frame <paramref name="f"/>, masked to Bits Stored.</summary>
    public int Value(int f, int y, int x, int s)
    {
        var mask = (1 << BitsStored) - 1;
        var noise = (int)((((uint)(x * 73856093) ^ (uint)(y * 19349663) ^ (uint)(f * 83492791) ^ (uint)(s * 2654435761)) >> 7) & 15);
        var smooth = (x * 5) + (y * 3) + (f * 40) + (s * 60);
        // Spread the range so that high bits are used too.
        var scale = BitsStored > 8 ? 1 << (BitsStored - 9) : 1;
        return ((smooth * scale) + noise) & mask;
    }

    /// <summary>Frame <paramref name="f"/> interleaved pixel by pixel, little endian, masked to Bits Stored: what a decoder must give.</summary>
    public byte[] ExpectedFrame(int f)
    {
        var data = new byte[Rows * Columns * SamplesPerPixel * BytesPerSample];
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
            {
                for (var s = 0; s < SamplesPerPixel; s++)
                {
                    var at = (((y * Columns) + x) * SamplesPerPixel + s) * BytesPerSample;
                    var v = Value(f, y, x, s);
                    data[at] = (byte)v;
                    if (BytesPerSample == 2)
                    {
                        data[at + 1] = (byte)(v >> 8);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Writes the image as a native Explicit VR Little Endian file; signed values are sign-extended, as writers store them.</summary>
    public async Task<string> WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"native-{Guid.NewGuid():N}.dcm");
        var pixels = new byte[Rows * Columns * SamplesPerPixel * BytesPerSample * Frames];
        var frameBytes = Rows * Columns * SamplesPerPixel * BytesPerSample;
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Rows; y++)
            {
                for (var x = 0; x < Columns; x++)
                {
                    for (var s = 0; s < SamplesPerPixel; s++)
                    {
                        var index = PlanarConfiguration == 1
                            ? (s * Rows * Columns) + (y * Columns) + x
                            : (((y * Columns) + x) * SamplesPerPixel) + s;
                        var at = (f * frameBytes) + (index * BytesPerSample);
                        var v = Value(f, y, x, s);
                        if (Signed && (v & (1 << (BitsStored - 1))) != 0)
                        {
                            v |= ~((1 << BitsStored) - 1);
                        }

                        pixels[at] = (byte)v;
                        if (BytesPerSample == 2)
                        {
                            pixels[at + 1] = (byte)(v >> 8);
                        }
                    }
                }
            }
        }

        var dataset = new DicomDataset()
            .SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
            .SetString(DicomTag.SOPInstanceUID, "2.25." + Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .SetString(DicomTag.Modality, "OT")
            .SetString(DicomTag.StudyInstanceUID, "2.25.1")
            .SetString(DicomTag.SeriesInstanceUID, "2.25.2")
            .SetNumbers<ushort>(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)SamplesPerPixel)
            .SetString(DicomTag.PhotometricInterpretation, Photometric)
            .SetNumbers<ushort>(DicomTag.Rows, DicomVR.US, (ushort)Rows)
            .SetNumbers<ushort>(DicomTag.Columns, DicomVR.US, (ushort)Columns)
            .SetNumbers<ushort>(DicomTag.BitsAllocated, DicomVR.US, (ushort)BitsAllocated)
            .SetNumbers<ushort>(DicomTag.BitsStored, DicomVR.US, (ushort)BitsStored)
            .SetNumbers<ushort>(DicomTag.HighBit, DicomVR.US, (ushort)(BitsStored - 1))
            .SetNumbers<ushort>(DicomTag.PixelRepresentation, DicomVR.US, (ushort)(Signed ? 1 : 0))
            .SetBytes(DicomTag.PixelData, BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, pixels);
        if (SamplesPerPixel > 1)
        {
            dataset.SetNumbers<ushort>(DicomTag.PlanarConfiguration, DicomVR.US, (ushort)PlanarConfiguration);
        }

        if (Frames > 1)
        {
            dataset.SetString(DicomTag.NumberOfFrames, Frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await new DicomFile(dataset).SaveAsync(path);
        return path;
    }
}
