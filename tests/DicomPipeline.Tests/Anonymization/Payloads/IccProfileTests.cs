using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Anonymization.Payloads;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class IccProfileTests
{
    private static readonly byte[] WhitePoint = XyzElement();

    public static TheoryData<string, AnonymizationPolicy> Cases()
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var policy in Policies)
        {
            foreach (var name in (string[])["desc", "cprt text", "dmnd mluc", "dmdd in an item", "private element", "slack after the profile", "gap between elements"])
            {
                data.Add(name, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_IccProfileWithIdentifyingText_KeptWithTextsRewritten(string name, AnonymizationPolicy policy)
    {
        var (profile, declared) = name switch
        {
            "desc" => Build(("desc", DescElement("Muller^Jurgen")), ("wtpt", WhitePoint)),
            "cprt text" => Build(("desc", DescElement("sRGB")), ("cprt", TextElement("PID-4711")), ("wtpt", WhitePoint)),
            "dmnd mluc" => Build(("dmnd", MlucElement("Müller Jürgen")), ("wtpt", WhitePoint)),
            "dmdd in an item" => Build(("dmdd", DescElement("born 19650412")), ("wtpt", WhitePoint)),
            "private element" => Build(("ZZZZ", [.. "priv"u8, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("PID-4711")]), ("wtpt", WhitePoint)),
            "slack after the profile" => Slack(Build(("wtpt", WhitePoint)), "Muller^Jurgen"),
            _ => Build(("wtpt", WhitePoint), ("gap!", Encoding.ASCII.GetBytes("19650412"))),
        };
        var ds = Image(2, 2, samples: 3, photometric: "RGB");
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(12));
        var icc = new DicomElement(DicomTag.ICCProfile, DicomVR.OB, profile);
        if (name == "dmdd in an item")
        {
            var item = new DicomDataset();
            item.AddOrUpdate(icc);
            item.SetString(DicomTag.OpticalPathIdentifier, "1");
            ds.AddOrUpdate(new DicomSequence(DicomTag.OpticalPathSequence, item));
        }
        else
        {
            ds.AddOrUpdate(icc);
        }

        var (output, result) = await AnonymizeFromFileAsync(ds, policy);

        Leaks(output).Should().BeEmpty();
        var read = await ReadAsync(output);
        var holder = name == "dmdd in an item" && read.TryGetSequence(DicomTag.OpticalPathSequence, out var seq) ? seq.Items[0] : read;
        if (holder.TryGetElement(DicomTag.ICCProfile, out var written))
        {
            var bytes = written.GetBytes().ToArray();
            bytes.Length.Should().Be(declared + (declared & 1));
            BinaryPrimitives.ReadUInt32BigEndian(bytes).Should().Be((uint)declared);
            bytes.AsSpan().IndexOf(WhitePoint).Should().BePositive("the colour data stays as it was");
            result.PayloadActions.Should().Contain(a => a.Reason == "ICC profile text tags rewritten");
        }
        else
        {
            // Strict may drop the optical path item's profile with its sequence; then nothing of it is left to leak.
            policy.Should().Be(AnonymizationPolicy.Strict);
        }
    }

    [Fact]
    public async Task Anonymize_IccProfileThatIsNotAProfile_Removed()
    {
        var ds = Image(2, 2, samples: 3, photometric: "RGB");
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(12));
        ds.SetBytes(DicomTag.ICCProfile, DicomVR.OB, Encoding.ASCII.GetBytes("not a profile: Muller^Jurgen PID-4711"));

        var (output, result) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic);

        Leaks(output).Should().BeEmpty();
        (await ReadAsync(output)).Contains(DicomTag.ICCProfile).Should().BeFalse();
        result.PayloadActions.Should().Contain(a => a.TagPath == "(0028,2000)" && a.Reason == "ICC profile not readable: removed");
    }

    [Fact]
    public void Neutralize_DescElement_StaysAWellFormedDescription()
    {
        var (profile, _) = Build(("desc", DescElement("Muller^Jurgen")));

        IccProfile.Neutralize(profile).Should().BeTrue();

        var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(profile.AsSpan(128 + 4 + 4));
        Encoding.ASCII.GetString(profile, offset, 4).Should().Be("desc");
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(profile.AsSpan(offset + 8));
        Encoding.ASCII.GetString(profile, offset + 12, count).Should().Be("de-identified\0");
    }

    /// <summary>A v2 profile: header (size, 'acsp'), tag table, elements 4-byte aligned. Returns it with its size.</summary>
    public static (byte[] Profile, int Size) Build(params (string Signature, byte[] Element)[] elements)
    {
        var tableLength = 4 + (12 * elements.Length);
        var offsets = new List<int>();
        var at = 128 + tableLength;
        foreach (var (_, element) in elements)
        {
            at = (at + 3) & ~3;
            offsets.Add(at);
            at += element.Length;
        }

        var size = at;
        var bytes = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0x02100000);
        "mntrRGB XYZ "u8.CopyTo(bytes.AsSpan(12));
        "acsp"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(128), (uint)elements.Length);
        for (var i = 0; i < elements.Length; i++)
        {
            var entry = bytes.AsSpan(132 + (i * 12));
            var (signature, element) = elements[i];
            if (signature == "gap!")
            {
                // Not in the table: bytes between elements that no tag points at.
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(128), (uint)(elements.Length - 1));
                element.CopyTo(bytes, offsets[i]);
                continue;
            }

            Encoding.ASCII.GetBytes(signature).CopyTo(entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)offsets[i]);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)element.Length);
            element.CopyTo(bytes, offsets[i]);
        }

        return (bytes, size);
    }

    public static byte[] Profile(params byte[][] descriptions) =>
        Build([.. descriptions.Select(d => ("desc", d)), ("wtpt", WhitePoint)]).Profile;

    public static byte[] DescElement(string text)
    {
        var ascii = Encoding.ASCII.GetBytes(text + "\0");
        var element = new byte[12 + ascii.Length + 8 + 3 + 67];
        "desc"u8.CopyTo(element);
        BinaryPrimitives.WriteUInt32BigEndian(element.AsSpan(8), (uint)ascii.Length);
        ascii.CopyTo(element, 12);
        return element;
    }

    private static byte[] TextElement(string text) => [.. "text"u8, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(text + "\0")];

    private static byte[] MlucElement(string text)
    {
        var utf16 = Encoding.BigEndianUnicode.GetBytes(text);
        var element = new byte[28 + utf16.Length];
        "mluc"u8.CopyTo(element);
        BinaryPrimitives.WriteUInt32BigEndian(element.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32BigEndian(element.AsSpan(12), 12);
        "enUS"u8.CopyTo(element.AsSpan(16));
        BinaryPrimitives.WriteUInt32BigEndian(element.AsSpan(20), (uint)utf16.Length);
        BinaryPrimitives.WriteUInt32BigEndian(element.AsSpan(24), 28);
        utf16.CopyTo(element, 28);
        return element;
    }

    private static byte[] XyzElement() => [.. "XYZ "u8, 0, 0, 0, 0, 0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D];

    private static (byte[] Profile, int Size) Slack((byte[] Profile, int Size) built, string text) =>
        ([.. built.Profile, .. Encoding.ASCII.GetBytes(text)], built.Size);
}
