using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>Small datasets built by hand for the core's tests.</summary>
internal static class TestData
{
    /// <summary>The four transfer syntaxes without compressed pixel data, which every round trip is run in.</summary>
    public static IReadOnlyList<DicomTransferSyntax> UncompressedSyntaxes { get; } =
    [
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    ];

    /// <summary>The UIDs of <see cref="UncompressedSyntaxes"/>, as theory data.</summary>
    public static TheoryData<string> UncompressedSyntaxUids => [.. UncompressedSyntaxes.Select(s => s.Uid)];

    public static DicomDataset CreateImage(int rows = 4, int columns = 4)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        dataset.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        dataset.SetString(DicomTag.SOPInstanceUID, "1.2.3.4.5.6.7");
        dataset.SetString(DicomTag.StudyDate, "20240131");
        dataset.SetString(DicomTag.Modality, "CT");
        dataset.SetString(DicomTag.PatientName, "Müller^Jürgen");
        dataset.SetString(DicomTag.PatientID, "PID-001");
        dataset.SetStrings(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        dataset.SetNumbers(DicomTag.SliceThickness, null, 1.25);
        dataset.SetNumbers(DicomTag.InstanceNumber, null, 7);
        dataset.SetNumbers(DicomTag.Rows, null, (ushort)rows);
        dataset.SetNumbers(DicomTag.Columns, null, (ushort)columns);
        dataset.SetNumbers(DicomTag.BitsAllocated, null, (ushort)16);
        dataset.SetNumbers(DicomTag.PixelRepresentation, null, (ushort)1);
        dataset.SetNumbers(DicomTag.RescaleIntercept, null, -1024.0);
        dataset.SetNumbers(new DicomTag(0x00189306), DicomVR.FD, 0.5, 1.5);
        dataset.SetNumbers(new DicomTag(0x00280106), DicomVR.SS, (short)-2000);
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x00209165), DicomVR.AT, new byte[] { 0x10, 0x00, 0x10, 0x00 }));

        var inner = new DicomDataset();
        inner.SetString(DicomTag.CodeValue, "T-D0050");
        inner.SetString(DicomTag.CodeMeaning, "Chest");
        var reference = new DicomDataset();
        reference.SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        reference.SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.3.4.5.6.8");
        reference.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, inner));
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, reference, new DicomDataset()));

        dataset.SetString(new DicomTag(0x00090010), "ACME 1.0", DicomVR.LO);
        dataset.SetString(new DicomTag(0x00091001), "private text", DicomVR.LO);
        dataset.SetBytes(new DicomTag(0x00091002), DicomVR.UN, new byte[] { 1, 2, 3 });

        var pixels = new byte[rows * columns * 2];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7);
        }

        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        return dataset;
    }

    public static async Task<byte[]> ToBytesAsync(DicomFile file, DicomTransferSyntax? syntax = null)
    {
        using var stream = new MemoryStream();
        await file.WriteAsync(stream, new DicomWriteOptions { TransferSyntax = syntax });
        return stream.ToArray();
    }

    public static Task<DicomFile> FromBytesAsync(byte[] bytes, DicomReadOptions? options = null) =>
        DicomFile.ReadAsync(new MemoryStream(bytes), options);

    /// <summary>A comparable text form of a dataset: every attribute with its tag, VR and value bytes, items nested.</summary>
    public static IReadOnlyList<string> Describe(DicomDataset dataset, string indent = "")
    {
        var lines = new List<string>();
        foreach (var attribute in dataset)
        {
            switch (attribute)
            {
                case DicomSequence sequence:
                    lines.Add($"{indent}{sequence.Tag} SQ items={sequence.Items.Count}");
                    foreach (var item in sequence.Items)
                    {
                        lines.Add($"{indent}  item");
                        lines.AddRange(Describe(item, indent + "    "));
                    }

                    break;
                case DicomFragmentSequence fragments:
                    lines.Add($"{indent}{fragments.Tag} {fragments.VR} fragments={fragments.Fragments.Count} bot={Convert.ToHexString(fragments.OffsetTable.GetBytes().Span)}");
                    lines.AddRange(fragments.Fragments.Select(f => $"{indent}  {Convert.ToHexString(Even(f.GetBytes().ToArray(), 0))}"));
                    break;
                case DicomElement element:
                    lines.Add($"{indent}{element.Tag} {element.VR} {Convert.ToHexString(Even(element.GetBytes().ToArray(), element.VR.PaddingByte))}");
                    break;
            }
        }

        return lines;
    }

    private static byte[] Even(byte[] bytes, byte pad) => bytes.Length % 2 == 0 ? bytes : [.. bytes, pad];
}
