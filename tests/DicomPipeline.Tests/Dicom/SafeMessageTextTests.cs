using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// The reader's messages quote a value of the file only when it is a well-known one: any bytes can be a patient's name or
/// ID. Each case plants such bytes where the reader stops, and checks the message names the offset but not the bytes.
/// </summary>
public class SafeMessageTextTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";

    /// <summary>
    /// The tester's X08: garbage text after the last element of an item of defined length was quoted as "unknown VR bytes
    /// 0x5145 for (0000,4547)", the letters "QE" and "GE" of the patient's surname.
    /// </summary>
    [Fact]
    public async Task Read_NameBytesWhereAnElementHeaderIsExpected_MessageHasOffsetButNotTheBytes()
    {
        byte[] garbage = [0, 0, .. "GEQEDIPAD^ZAWUQEM ZQ668551"u8];
        var item = new RawDicom().Explicit(0x0008, 0x0100, "SH", RawDicom.Text("X9")).Bytes(garbage).ToArray();
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"));
        raw.Explicit(0x0008, 0x1032, "SQ", [], length: (uint)(8 + item.Length)).ItemStart((uint)item.Length);
        var garbageAt = raw.Length + item.Length - garbage.Length;
        var bytes = raw.Bytes(item).ToArray();

        var thrown = await ReadFailureAsync(bytes);

        thrown.Offset.Should().Be(garbageAt + 4);
        thrown.Reason.Should().Be("an unknown VR for a tag of no dictionary");
        CheckQuotesNothingOf(thrown, "4547", "5145", "QE", "GE");
    }

    /// <summary>
    /// The tester's M01: an unknown transfer syntax UID made of the patient ID's digits was quoted in "Pixel Data has a
    /// defined length, but the transfer syntax (1.2.840.10008.1.2.034940) is encapsulated".
    /// </summary>
    [Fact]
    public async Task Read_UnknownTransferSyntaxOverNativePixelData_MessageHasOffsetButNotTheUid()
    {
        var bytes = RawDicom.Part10("1.2.840.10008.1.2.034940")
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"))
            .Explicit(0x7FE0, 0x0010, "OW", [1, 0, 2, 0])
            .ToArray();

        var thrown = await ReadFailureAsync(bytes);

        thrown.Offset.Should().Be(bytes.Length);
        thrown.Reason.Should().Contain("an unknown transfer syntax UID");
        CheckQuotesNothingOf(thrown, "034940");
    }

    /// <summary>A transfer syntax of the standard is still named.</summary>
    [Fact]
    public async Task Read_KnownEncapsulatedSyntaxOverNativePixelData_MessageNamesTheSyntax()
    {
        var bytes = RawDicom.Part10(DicomTransferSyntax.JpegBaseline.Uid)
            .Explicit(0x7FE0, 0x0010, "OB", [1, 2, 3, 4])
            .ToArray();

        var thrown = await ReadFailureAsync(bytes);

        thrown.Reason.Should().Contain("JPEG Baseline (Process 1)");
    }

    /// <summary>
    /// A tag of the dictionary, or a private one (odd group: its bytes may still be letters, but a private tag is what a
    /// vendor needs named), is still named next to bytes that are no VR; a group length only in a group of the dictionary.
    /// </summary>
    [Theory]
    [InlineData(0x0010, 0x0010, "(0010,0010)")]
    [InlineData(0x0009, 0x1001, "(0009,1001)")]
    [InlineData(0x0008, 0x0000, "(0008,0000)")]
    [InlineData(0x4745, 0x5145, "(4745,5145)")]
    [InlineData(0x4548, 0x0000, "a tag of no dictionary")]
    [InlineData(0x0010, 0x4547, "a tag of no dictionary")]
    public async Task Read_BytesThatAreNoVR_MessageNamesOnlyAWellKnownTag(ushort group, ushort element, string named)
    {
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"));
        var at = raw.Length;
        var bytes = raw.Tag(group, element).Bytes("QE\u0002\u0000AB"u8.ToArray()).ToArray();

        var thrown = await ReadFailureAsync(bytes);

        thrown.Offset.Should().Be(at + 4);
        thrown.Reason.Should().Be($"an unknown VR for {named}");
    }

    /// <summary>A length that runs past the end is most likely four bytes of text ("6685" here): not quoted as a number.</summary>
    [Fact]
    public async Task Read_LengthPastTheEnd_MessageHasNotTheLength()
    {
        var raw = RawDicom.Part10(ExplicitLE);
        var at = raw.Length;
        var bytes = raw.Explicit(0x0008, 0x0070, "UT", "66"u8.ToArray(), length: 0x35383636).ToArray();

        var thrown = await ReadFailureAsync(bytes);

        thrown.Offset.Should().Be(at + 12);
        thrown.Reason.Should().StartWith("a value length runs past the end of the data");
        CheckQuotesNothingOf(thrown, "892876342", "6685");
    }

    /// <summary>Delimiters and item tags made of name bytes are not quoted either.</summary>
    [Theory]
    [InlineData("delimiter")]
    [InlineData("sequence item")]
    public async Task Read_NameBytesWhereADelimiterOrItemIs_MessageHasNotTheBytes(string where)
    {
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"));
        if (where == "sequence item")
        {
            raw.Explicit(0x0008, 0x1032, "SQ", [], length: 0xFFFFFFFF);
        }

        var at = raw.Length;
        var bytes = raw.Tag(0xFFFE, 0x4547).Bytes("QEDI"u8.ToArray()).ToArray();
        if (where == "sequence item")
        {
            bytes[at] = (byte)'Z';
            bytes[at + 1] = (byte)'Q';
        }

        var thrown = await ReadFailureAsync(bytes);

        thrown.Offset.Should().Be(at);
        thrown.Reason.Should().Contain("a tag of no dictionary");
        CheckQuotesNothingOf(thrown, "4547", "515A", "5145", "1229214033");
    }

    private static async Task<DicomFormatException> ReadFailureAsync(byte[] bytes)
    {
        var read = async () => await TestData.FromBytesAsync(bytes);
        return (await read.Should().ThrowAsync<DicomFormatException>()).Which;
    }

    private static void CheckQuotesNothingOf(DicomFormatException thrown, params string[] planted)
    {
        foreach (var text in planted)
        {
            thrown.Message.Should().NotContainEquivalentOf(text);
        }

        thrown.Message.Should().Contain(FormattableString.Invariant($"offset {thrown.Offset}"));
    }
}
