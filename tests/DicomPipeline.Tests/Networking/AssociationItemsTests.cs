using DicomPipeline.Networking;

namespace DicomPipeline.Tests.Networking;

/// <summary>
/// The one reader of A-ASSOCIATE-RQ and -AC bodies: each PDU's presentation context items are read by their own type
/// (20H in a request, 21H in an acceptance) and a malformed item is named with the PDU it came in. Bytes built by hand
/// from PS3.8 Tables 9-11 to 9-18, not by our writer.
/// </summary>
public sealed class AssociationItemsTests
{
    [Fact]
    public void Parse_Acceptance_ReadsItsContextItemsAndIgnoresRequestOnes()
    {
        byte[] body =
        [
            .. FixedPart(),
            .. Item(0x20, [1, 0, 0, 0, .. Item(0x30, "1.2.3"u8)]),
            .. Item(0x21, [3, 0, 4, 0, .. Item(0x40, "1.2.840.10008.1.2\0"u8)]),
        ];

        var items = AssociationItems.Parse(body, "A-ASSOCIATE-AC", 0x21);

        items.Contexts.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = (byte)3, Result = (byte)4, AbstractSyntax = (string?)null });
        items.Contexts[0].TransferSyntaxes.Should().Equal("1.2.840.10008.1.2");
        items.CalledAeTitle.Should().Be("CALLED");
        items.CallingAeTitle.Should().Be("CALLING");
        items.MaxLength.Should().Be(0);
    }

    [Fact]
    public void Parse_ContextItemTooShort_MalformedNamingThePdu()
    {
        byte[] body = [.. FixedPart(), .. Item(0x20, [1, 0])];

        var act = () => AssociationItems.Parse(body, "A-ASSOCIATE-RQ", 0x20);

        act.Should().Throw<DicomNetworkException>().WithMessage("The peer's A-ASSOCIATE-RQ is malformed: a presentation context item is too short.");
    }

    [Fact]
    public void Parse_ShorterThanTheFixedField_MalformedNamingThePdu()
    {
        var act = () => AssociationItems.Parse(new byte[67], "A-ASSOCIATE-AC", 0x21);

        act.Should().Throw<DicomNetworkException>().WithMessage("The peer's A-ASSOCIATE-AC is malformed: it is shorter than its fixed fields.");
    }

    private static byte[] FixedPart()
    {
        var part = new byte[68];
        part[1] = 1;
        "CALLED          "u8.CopyTo(part.AsSpan(4));
        "CALLING         "u8.CopyTo(part.AsSpan(20));
        return part;
    }

    private static byte[] Item(byte type, ReadOnlySpan<byte> value) => [type, 0, (byte)(value.Length >> 8), (byte)value.Length, .. value];
}
