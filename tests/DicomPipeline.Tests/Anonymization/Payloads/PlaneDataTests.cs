using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class PlaneDataTests
{
    public static TheoryData<string, AnonymizationPolicy> Cases()
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var policy in Policies)
        {
            foreach (var name in (string[])["overlay slack", "two-frame overlay slack", "overlay too short", "overlay without rows", "curve slack", "curve too short"])
            {
                data.Add(name, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_OverlayOrCurveData_CheckedAgainstItsPlane(string name, AnonymizationPolicy policy)
    {
        var ds = Image(4, 4);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(16));
        var planted = Plant(name.Length);
        ushort group;
        long? expected;
        if (name.StartsWith("overlay", StringComparison.Ordinal) || name.StartsWith("two-frame", StringComparison.Ordinal))
        {
            group = 0x6002;
            var frames = name.StartsWith("two-frame", StringComparison.Ordinal) ? 2 : 1;
            if (name != "overlay without rows")
            {
                ds.SetNumbers(new DicomTag(group, 0x0010), DicomVR.US, (ushort)4);
            }

            ds.SetNumbers(new DicomTag(group, 0x0011), DicomVR.US, (ushort)8);
            ds.SetString(new DicomTag(group, 0x0040), "G", DicomVR.CS);
            ds.SetNumbers(new DicomTag(group, 0x0050), DicomVR.SS, (short)1, (short)1);
            ds.SetNumbers(new DicomTag(group, 0x0100), DicomVR.US, (ushort)1);
            ds.SetNumbers(new DicomTag(group, 0x0102), DicomVR.US, (ushort)0);
            if (frames > 1)
            {
                ds.SetString(new DicomTag(group, 0x0015), "2", DicomVR.IS);
            }

            var bits = name == "overlay too short" ? new byte[2] : new byte[4 * frames];
            ds.SetBytes(new DicomTag(group, 0x3000), DicomVR.OW, Concat(bits, name == "overlay too short" ? [] : planted));
            if (name == "overlay too short")
            {
                ds.SetString(new DicomTag(group, 0x0022), "Muller^Jurgen", DicomVR.LO);
            }

            expected = name is "overlay too short" or "overlay without rows" ? null : 4 * frames;
        }
        else
        {
            group = 0x5000;
            ds.SetNumbers(new DicomTag(group, 0x0005), DicomVR.US, (ushort)2);
            ds.SetNumbers(new DicomTag(group, 0x0010), DicomVR.US, (ushort)3);
            ds.SetString(new DicomTag(group, 0x0020), "POLY", DicomVR.CS);
            ds.SetNumbers(new DicomTag(group, 0x0103), DicomVR.US, (ushort)0);
            var points = name == "curve too short" ? U16(1, 2) : U16(1, 2, 3, 4, 5, 6);
            ds.SetBytes(new DicomTag(group, 0x3000), DicomVR.OW, Concat(points, planted));
            expected = name == "curve too short" ? null : 12;
            if (name == "curve too short")
            {
                // Too short once the planted bytes are gone: make the value as short as the points alone.
                ds.SetBytes(new DicomTag(group, 0x3000), DicomVR.OW, points);
                ds.SetString(new DicomTag(group, 0x2500), "Muller^Jurgen", DicomVR.LO);
            }
        }

        var (output, _) = await AnonymizeFromFileAsync(ds, policy, configure: o => o.CleanGraphics = true);

        Leaks(output).Should().BeEmpty();
        var read = await ReadAsync(output);
        if (read.TryGetElement(new DicomTag(group, 0x3000), out var written))
        {
            expected.Should().NotBeNull("an inconsistent plane is removed");
            written.Length.Should().Be(expected);
        }
        else if (expected is null)
        {
            read.Any(a => a.Tag.Group == group).Should().BeFalse("the whole plane goes");
        }
    }
}
