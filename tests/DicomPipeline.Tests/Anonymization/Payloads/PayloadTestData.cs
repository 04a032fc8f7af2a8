using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

/// <summary>
/// Instances with an identifier of their own (patient name, ID, birth date of <see cref="AnonymizationTestData"/>)
/// planted in a binary payload, run through the anonymizer from a file (so large values stay in it), and searched for
/// in the written output as ASCII, Latin-1, UTF-8 and UTF-16 (LE and BE).
/// </summary>
internal static class PayloadTestData
{
    /// <summary>The instance's identifiers that the cases plant.</summary>
    public static readonly string[] Needles = ["PID-4711", "19650412", "Müller", "Jürgen", "MULLER", "Muller^Jurgen"];

    public static readonly AnonymizationPolicy[] Policies = [AnonymizationPolicy.Basic, AnonymizationPolicy.Strict];

    /// <summary>The planted identifier in one of the encodings a payload may carry.</summary>
    public static byte[] Plant(int variant) => (variant % 6) switch
    {
        0 => Encoding.ASCII.GetBytes("PID-4711"),
        1 => Encoding.ASCII.GetBytes("19650412"),
        2 => Encoding.UTF8.GetBytes("Müller^Jürgen"),
        3 => Encoding.Unicode.GetBytes("PID-4711"),
        4 => Encoding.BigEndianUnicode.GetBytes("Müller"),
        _ => Encoding.Latin1.GetBytes("Jürgen Müller 1965-04-12"),
    };

    /// <summary>An instance with an 8-bit monochrome image description (rows x columns, one frame unless given).</summary>
    public static DicomDataset Image(int rows, int columns, int bitsAllocated = 8, int samples = 1, int frames = 1, string photometric = "MONOCHROME2")
    {
        var ds = CreateInstance();
        ds.SetNumbers(DicomTag.Rows, DicomVR.US, (ushort)rows);
        ds.SetNumbers(DicomTag.Columns, DicomVR.US, (ushort)columns);
        ds.SetNumbers(DicomTag.BitsAllocated, DicomVR.US, (ushort)bitsAllocated);
        ds.SetNumbers(DicomTag.BitsStored, DicomVR.US, (ushort)bitsAllocated);
        ds.SetNumbers(DicomTag.HighBit, DicomVR.US, (ushort)(bitsAllocated - 1));
        ds.SetNumbers(DicomTag.PixelRepresentation, DicomVR.US, (ushort)0);
        ds.SetNumbers(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)samples);
        ds.SetString(DicomTag.PhotometricInterpretation, photometric);
        if (samples > 1)
        {
            ds.SetNumbers(DicomTag.PlanarConfiguration, DicomVR.US, (ushort)0);
        }

        if (frames > 1)
        {
            ds.SetString(DicomTag.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ds;
    }

    /// <summary>Bytes that look like pixels and hold no identifier.</summary>
    public static byte[] Pixels(int count) => Enumerable.Range(0, count).Select(i => (byte)((i * 7) % 251)).ToArray();

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>
    /// Saves the instance, opens it with values of <paramref name="threshold"/> bytes or more left in the file,
    /// anonymizes it, and returns the written output with the result.
    /// </summary>
    public static async Task<(byte[] Output, AnonymizationResult Result)> AnonymizeFromFileAsync(
        DicomDataset dataset,
        AnonymizationPolicy policy,
        DicomTransferSyntax? syntax = null,
        Action<AnonymizationOptions>? configure = null,
        int threshold = 16)
    {
        var path = Path.Combine(Path.GetTempPath(), "payload-" + Guid.NewGuid().ToString("N") + ".dcm");
        try
        {
            await new DicomFile(dataset, syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = threshold });
            var result = new ConfidentialityProfileAnonymizer(Options(o =>
            {
                o.Policy = policy;
                configure?.Invoke(o);
            })).Anonymize(file);
            return (await ToBytesAsync(result.File), result);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The needles found in <paramref name="bytes"/> in any of the encodings.</summary>
    public static IReadOnlyList<string> Leaks(byte[] bytes)
    {
        var found = FindIn(bytes, Needles).ToList();
        foreach (var needle in Needles)
        {
            if (bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0 || bytes.AsSpan().IndexOf(Encoding.BigEndianUnicode.GetBytes(needle)) >= 0)
            {
                found.Add(needle + " (UTF-16)");
            }
        }

        foreach (var date in (string[])["1965-04-12"])
        {
            if (bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(date)) >= 0)
            {
                found.Add(date);
            }
        }

        return found;
    }

    /// <summary>The first fragment-sequence-free read of the output, for checking what was kept.</summary>
    public static async Task<DicomDataset> ReadAsync(byte[] output) =>
        (await DicomFile.ReadAsync(new MemoryStream(output))).Dataset;

    public static byte[] U16(params int[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)values[i]);
        }

        return bytes;
    }
}
