using DicomPipeline.Dicom;
using DicomPipeline.Storage;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Destinations;

/// <summary>A temporary folder of small Part 10 files, as the store leaves them, for the destination tests.</summary>
internal sealed class DestinationTestFiles : IDisposable
{
    public DestinationTestFiles()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dicompipeline-destinations-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Writes <paramref name="count"/> instances of one series in <paramref name="syntax"/> (explicit VR little endian by default).</summary>
    public async Task<IReadOnlyList<StoredInstance>> WriteAsync(int count, DicomTransferSyntax? syntax = null, string series = "1.2.3.9", int rows = 4)
    {
        var instances = new List<StoredInstance>();
        for (var i = 1; i <= count; i++)
        {
            var dataset = TestData.CreateImage(rows, rows);
            var uid = $"{series}.{i}";
            dataset.SetString(DicomTag.SOPInstanceUID, uid);
            dataset.SetString(DicomTag.StudyInstanceUID, "1.2.3");
            dataset.SetString(DicomTag.SeriesInstanceUID, series);
            dataset.SetString(DicomTag.PatientName, new string('X', i));
            if (syntax is { IsEncapsulated: true })
            {
                // Stand-in compressed data: the sender passes fragments through and never decodes them.
                dataset.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
                    [new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 1, 2, 3, 4, 5, 6 })]));
            }

            var path = Path.Combine(Folder, uid + ".dcm");
            await new DicomFile(dataset, syntax).SaveAsync(path);
            instances.Add(new StoredInstance(Path.GetFileName(path), path, "PID-001", "1.2.3", series, uid, null));
        }

        return instances;
    }

    /// <summary>The bytes of a file after its file meta information: what a peer that accepts its transfer syntax receives.</summary>
    public static byte[] DatasetBytes(string path) => DatasetBytes(File.ReadAllBytes(path));

    /// <summary>The bytes of a Part 10 file after its file meta information.</summary>
    public static byte[] DatasetBytes(byte[] bytes)
    {
        var offset = 132;
        while (BitConverter.ToUInt16(bytes, offset) == 0x0002)
        {
            var vr = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 2);
            offset += vr is "OB" or "UN" or "SQ" or "UT" ? 12 + (int)BitConverter.ToUInt32(bytes, offset + 8) : 8 + BitConverter.ToUInt16(bytes, offset + 6);
        }

        return bytes[offset..];
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
