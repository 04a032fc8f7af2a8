using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Networking;

/// <summary>An A-ASSOCIATE-RQ as an SCP reads it (PS3.8 section 9.3.2): AE titles, application context, proposed contexts, the peer's maximum PDU length.</summary>
internal sealed class ReceivedAssociationRequest
{
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
        if (body.Length < 68)
        {
            throw Malformed("it is shorter than its fixed fields");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var called = AeTitle(body.Slice(4, 16));
        var calling = AeTitle(body.Slice(20, 16));
        string? applicationContext = null;
        string? implementationVersion = null;
        var maxLength = 0;
        var contexts = new List<PresentationContext>();
        var items = body[68..];
        while (items.Length > 0)
        {
            var type = NextItem(ref items, out var value);
            switch (type)
            {
                case 0x10:
                    applicationContext = AssociationAccept.Text(value);
                    break;
                case 0x20:
                    if (value.Length < 4)
                    {
                        throw Malformed("a presentation context item is too short");
                    }

                    var id = value[0];
                    string? abstractSyntax = null;
                    var syntaxes = new List<string>();
                    var sub = value[4..];
                    while (sub.Length > 0)
                    {
                        var subType = NextItem(ref sub, out var subValue);
                        if (subType == 0x30)
                        {
                            abstractSyntax = AssociationAccept.Text(subValue);
                        }
                        else if (subType == 0x40)
                        {
                            syntaxes.Add(AssociationAccept.Text(subValue));
                        }
                    }

                    contexts.Add(new PresentationContext(id, abstractSyntax ?? string.Empty, syntaxes));
                    break;
                case 0x50:
                    var user = value;
                    while (user.Length > 0)
                    {
                        var subType = NextItem(ref user, out var subValue);
                        if (subType == 0x51 && subValue.Length == 4)
                        {
                            var max = BinaryPrimitives.ReadUInt32BigEndian(subValue);
                            maxLength = max > int.MaxValue ? int.MaxValue : (int)max;
                        }
                        else if (subType == 0x55)
                        {
                            implementationVersion = AssociationAccept.Text(subValue);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return new ReceivedAssociationRequest(version, called, calling, applicationContext, contexts, maxLength, implementationVersion);
    }

    /// <summary>The A-ASSOCIATE-AC PDU answering this request (PS3.8 section 9.3.3), with each context's result as recorded, header included.</summary>
    public byte[] EncodeAccept(int maxReceiveLength)
    {
        using var body = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[68];
        fixedPart.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, 1);
        WriteAeTitle(fixedPart.Slice(4, 16), CalledAeTitle);
        WriteAeTitle(fixedPart.Slice(20, 16), CallingAeTitle);
        body.Write(fixedPart);
        WriteItem(body, 0x10, Encoding.ASCII.GetBytes(AssociationRequest.ApplicationContextName));
        foreach (var context in Contexts)
        {
            using var item = new MemoryStream();
            item.Write([context.Id, 0, context.Result, 0]);

            // PS3.8 Table 9-18: the transfer syntax sub-item is there whatever the result; only an accepted one is significant.
            WriteItem(item, 0x40, Encoding.ASCII.GetBytes(context.AcceptedTransferSyntax ?? DimseUids.ImplicitVRLittleEndian));
            WriteItem(body, 0x21, item.ToArray());
        }

        using var user = new MemoryStream();
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, (uint)maxReceiveLength);
        WriteItem(user, 0x51, max);
        WriteItem(user, 0x52, Encoding.ASCII.GetBytes(Dicom.DicomImplementation.ClassUid));
        WriteItem(user, 0x55, Encoding.ASCII.GetBytes(Dicom.DicomImplementation.VersionName));
        WriteItem(body, 0x50, user.ToArray());

        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)PduType.AssociateAccept;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(pdu.AsSpan(6));
        return pdu;
    }

    /// <summary>An A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4): result 1 permanent or 2 transient, source and reason of Table 9-21.</summary>
    public static byte[] EncodeReject(byte result, byte source, byte reason) =>
        [(byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, result, source, reason];

    private static string AeTitle(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(' ', '\0');

    private static void WriteAeTitle(Span<byte> target, string title)
    {
        target.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title.Length > 16 ? title[..16] : title, target);
    }

    private static void WriteItem(Stream stream, byte type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = type;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)value.Length));
        stream.Write(header);
        stream.Write(value);
    }

    private static byte NextItem(ref ReadOnlySpan<byte> items, out ReadOnlySpan<byte> value)
    {
        if (items.Length < 4)
        {
            throw Malformed("an item header is cut short");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(items[2..]);
        if (items.Length < 4 + length)
        {
            throw Malformed("an item is longer than the PDU");
        }

        var type = items[0];
        value = items.Slice(4, length);
        items = items[(4 + length)..];
        return type;
    }

    private static DicomNetworkException Malformed(string why) => new($"The peer's A-ASSOCIATE-RQ is malformed: {why}.");
}
