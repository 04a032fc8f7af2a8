using DicomPipeline.Dicom;
using DicomPipeline.Networking;

namespace DicomPipeline.Tests.Networking;

/// <summary>
/// The item reader and writer both sides share: an A-ASSOCIATE-RQ this side writes reads back on the accepting side
/// with its fields, and the A-ASSOCIATE-AC written there reads back on the requesting side. Bytes checked by hand
/// against PS3.8 section 9.3.
/// </summary>
public sealed class PduItemsTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    [Fact]
    public void WriteFixedPart_Titles_ProtocolVersionOneAndSpacePadded()
    {
        using var stream = new MemoryStream();

        PduItems.WriteFixedPart(stream, "CALLED", "CALLING");

        var bytes = stream.ToArray();
        bytes.Should().HaveCount(68);
        bytes[..2].Should().Equal(0, 1);
        System.Text.Encoding.ASCII.GetString(bytes, 4, 16).Should().Be("CALLED          ");
        System.Text.Encoding.ASCII.GetString(bytes, 20, 16).Should().Be("CALLING         ");
        bytes[36..].Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Write_Uid_TypeReservedBigEndianLengthValue()
    {
        using var stream = new MemoryStream();

        PduItems.Write(stream, 0x30, "1.2.3");

        stream.ToArray().Should().Equal(0x30, 0, 0, 5, (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'3');
    }

    [Fact]
    public void Next_ItemLongerThanThePdu_MalformedNamingThePdu()
    {
        var act = () =>
        {
            ReadOnlySpan<byte> items = [0x10, 0, 0, 9, 1, 2];
            PduItems.Next(ref items, out _, "A-ASSOCIATE-RQ");
        };

        act.Should().Throw<DicomNetworkException>().WithMessage("The peer's A-ASSOCIATE-RQ is malformed: an item is longer than the PDU.");
    }

    [Fact]
    public void RequestAndAccept_RoundTrip_BothSidesReadWhatTheOtherWrote()
    {
        PresentationContext[] proposed = [new(1, CtImageStorage, [DimseUids.ExplicitVRLittleEndian, DimseUids.ImplicitVRLittleEndian]), new(3, "1.2.3.4", [DimseUids.ImplicitVRLittleEndian])];
        var request = new AssociationRequest("GATEWAY", "MODALITY", proposed, 32768).Encode();

        var received = ReceivedAssociationRequest.Parse(request.AsSpan(6));

        received.CalledAeTitle.Should().Be("GATEWAY");
        received.CallingAeTitle.Should().Be("MODALITY");
        received.ApplicationContext.Should().Be(AssociationRequest.ApplicationContextName);
        received.PeerMaxReceiveLength.Should().Be(32768);
        received.PeerImplementationVersion.Should().Be(DicomImplementation.VersionName);
        received.Contexts.Select(c => (c.Id, c.AbstractSyntax, c.TransferSyntaxes.Count)).Should().Equal((1, CtImageStorage, 2), (3, "1.2.3.4", 1));

        received.Contexts[0].Result = 0;
        received.Contexts[0].AcceptedTransferSyntax = DimseUids.ImplicitVRLittleEndian;
        received.Contexts[1].Result = 3;
        var accept = AssociationAccept.Parse(received.EncodeAccept(65536).AsSpan(6), proposed);

        accept.PeerMaxReceiveLength.Should().Be(65536);
        accept.PeerImplementationVersion.Should().Be(DicomImplementation.VersionName);
        proposed[0].AcceptedTransferSyntax.Should().Be(DimseUids.ImplicitVRLittleEndian);
        proposed[1].Result.Should().Be(3);
    }
}
