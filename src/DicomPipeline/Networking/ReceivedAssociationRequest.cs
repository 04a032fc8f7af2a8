namespace DicomPipeline.Networking;

/// <summary>An A-ASSOCIATE-RQ as an SCP reads it (PS3.8 section 9.3.2): AE titles, application context, proposed contexts, the peer's maximum PDU length.</summary>
internal sealed class ReceivedAssociationRequest
{
    private const string Pdu = "A-ASSOCIATE-RQ";

    private ReceivedAssociationRequest(ushort protocolVersion, string calledAeTitle, string callingAeTitle, string? applicationContext, IReadOnlyList<PresentationContext> contexts, int maxReceiveLength, string? implementationVersion)
    {
        ProtocolVersion = protocolVersion;
        CalledAeTitle = calledAeTitle;
        CallingAeTitle = callingAeTitle;
        ApplicationContext = applicationContext;
        Contexts = contexts;
        PeerMaxReceiveLength = maxReceiveLength;
        PeerImplementationVersion = implementationVersion;
    }

    public ushort ProtocolVersion { get; }

    public string CalledAeTitle { get; }

    public string CallingAeTitle { get; }

    public string? ApplicationContext { get; }

    /// <summary>The proposed contexts; the SCP records its result and chosen syntax in each.</summary>
    public IReadOnlyList<PresentationContext> Contexts { get; }

    /// <summary>The largest P-DATA-TF variable field the requester accepts; 0 means no limit.</summary>
    public int PeerMaxReceiveLength { get; }

    public string? PeerImplementationVersion { get; }

    /// <summary>Reads the body of an A-ASSOCIATE-RQ (the PDU header excluded).</summary>
    /// <exception cref="DicomNetworkException">The PDU is malformed.</exception>
    public static ReceivedAssociationRequest Parse(ReadOnlySpan<byte> body)
    {
        var items = AssociationItems.Parse(body, Pdu, 0x20);
        var contexts = items.Contexts.Select(c => new PresentationContext(c.Id, c.AbstractSyntax ?? string.Empty, c.TransferSyntaxes)).ToList();
        return new ReceivedAssociationRequest(items.ProtocolVersion, items.CalledAeTitle, items.CallingAeTitle, items.ApplicationContext, contexts, items.MaxLength, items.ImplementationVersion);
    }

    /// <summary>The A-ASSOCIATE-AC PDU answering this request (PS3.8 section 9.3.3), with each context's result as recorded, header included.</summary>
    public byte[] EncodeAccept(int maxReceiveLength)
    {
        using var body = new MemoryStream();
        PduItems.WriteFixedPart(body, CalledAeTitle, CallingAeTitle);
        PduItems.Write(body, 0x10, AssociationRequest.ApplicationContextName);
        foreach (var context in Contexts)
        {
            using var item = new MemoryStream();
            item.Write([context.Id, 0, context.Result, 0]);

            // PS3.8 Table 9-18: the transfer syntax sub-item is there whatever the result; only an accepted one is significant.
            PduItems.Write(item, 0x40, context.AcceptedTransferSyntax ?? DimseUids.ImplicitVRLittleEndian);
            PduItems.Write(body, 0x21, item.GetBuffer().AsSpan(0, (int)item.Length));
        }

        PduItems.WriteUserInformation(body, maxReceiveLength);
        return PduItems.Frame(PduType.AssociateAccept, body);
    }

    /// <summary>An A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4): result 1 permanent or 2 transient, source and reason of Table 9-21.</summary>
    public static byte[] EncodeReject(byte result, byte source, byte reason) =>
        [(byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, result, source, reason];
}
