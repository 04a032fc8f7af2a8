using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class LookupTablesTests
{
    public static TheoryData<string, AnonymizationPolicy> Cases()
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var policy in Policies)
        {
            foreach (var name in (string[])["palette slack", "segmented palette slack", "modality LUT slack", "VOI LUT too short", "palette without descriptor", "alpha palette slack"])
            {
                data.Add(name, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_LookupTableData_CheckedAgainstItsDescriptor(string name, AnonymizationPolicy policy)
    {
        var ds = Image(2, 2, photometric: name.Contains("palette", StringComparison.Ordinal) ? "PALETTE COLOR" : "MONOCHROME2");
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        var table = U16(0, 100, 200, 300);
        var planted = Plant(name.Length);
        DicomTag dataTag;
        DicomDataset holder = ds;
        long? expected;
        switch (name)
        {
            case "palette slack":
            case "alpha palette slack":
                var (descriptor, data) = name == "palette slack"
                    ? (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData)
                    : (DicomTag.AlphaPaletteColorLookupTableDescriptor, DicomTag.AlphaPaletteColorLookupTableData);
                ds.SetNumbers(descriptor, DicomVR.US, (ushort)4, (ushort)0, (ushort)16);
                ds.SetBytes(data, DicomVR.OW, Concat(table, planted));
                (dataTag, expected) = (data, 8);
                break;
            case "segmented palette slack":
                ds.SetNumbers(DicomTag.RedPaletteColorLookupTableDescriptor, DicomVR.US, (ushort)6, (ushort)0, (ushort)16);
                var segments = U16(0, 2, 0, 1000, 1, 4, 5000);
                ds.SetBytes(DicomTag.SegmentedRedPaletteColorLookupTableData, DicomVR.OW, Concat(segments, planted));
                (dataTag, expected) = (DicomTag.SegmentedRedPaletteColorLookupTableData, segments.Length);
                break;
            case "modality LUT slack":
            case "VOI LUT too short":
                holder = new DicomDataset();
                holder.SetNumbers(DicomTag.LUTDescriptor, DicomVR.US, (ushort)(name == "VOI LUT too short" ? 64 : 4), (ushort)0, (ushort)16);
                holder.SetString(DicomTag.LUTExplanation, "table");
                holder.SetBytes(DicomTag.LUTData, DicomVR.OW, Concat(table, planted));
                ds.AddOrUpdate(new DicomSequence(name == "VOI LUT too short" ? DicomTag.VOILUTSequence : DicomTag.ModalityLUTSequence, holder));
                (dataTag, expected) = (DicomTag.LUTData, name == "VOI LUT too short" ? null : 8);
                break;
            default:
                ds.SetBytes(DicomTag.GreenPaletteColorLookupTableData, DicomVR.OW, Concat(table, planted));
                (dataTag, expected) = (DicomTag.GreenPaletteColorLookupTableData, null);
                break;
        }

        var (output, _) = await AnonymizeFromFileAsync(ds, policy);

        Leaks(output).Should().BeEmpty();
        var read = await ReadAsync(output);
        var readHolder = ReferenceEquals(holder, ds) ? read : read.OfType<DicomSequence>().SelectMany(s => s.Items).FirstOrDefault(i => i.Contains(DicomTag.LUTDescriptor));
        if (readHolder is not null && readHolder.TryGetElement(dataTag, out var written))
        {
            expected.Should().NotBeNull("an inconsistent table is removed");
            written.Length.Should().Be(expected);
        }
    }

    [Fact]
    public void Anonymize_PackedEightBitTable_Kept()
    {
        var ds = Image(2, 2);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        var holder = new DicomDataset();
        holder.SetNumbers(DicomTag.LUTDescriptor, DicomVR.US, (ushort)4, (ushort)0, (ushort)8);
        holder.SetBytes(DicomTag.LUTData, DicomVR.OW, new byte[] { 1, 2, 3, 4 });
        ds.AddOrUpdate(new DicomSequence(DicomTag.ModalityLUTSequence, holder));

        var result = AnonymizationTestData.Anonymize(ds);

        result.Dataset.TryGetSequence(DicomTag.ModalityLUTSequence, out var lut).Should().BeTrue();
        lut!.Items[0].TryGetElement(DicomTag.LUTData, out var data).Should().BeTrue();
        data!.Length.Should().Be(4);
        result.PayloadActions.Should().BeEmpty();
    }
}
