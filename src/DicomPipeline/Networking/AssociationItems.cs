using System.Buffers.Binary;

namespace DicomPipeline.Networking;

/// <summary>
/// The body of an A-ASSOCIATE-RQ or A-ASSOCIATE-AC, read once by one parser (PS3.8 sections 9.3.2 and 9.3.3: the two
/// PDUs share their fixed field and item layout; only the presentation context item's type, 20H or 21H, differs). The
/// requesting side and the accepting side each make of it what their PDU means.
/// </summary>
internal sealed class AssociationItems
{
    private readonly List<ContextItem> _contexts = [];

    private AssociationItems(ushort protocolVersion, string calledAeTitle, string callingAeTitle)
    {
        ProtocolVersion = protocolVersion;
        CalledAeTitle = calledAeTitle;
        CallingAeTitle = callingAeTitle;
    }

    public ushort ProtocolVersion { get; }

    public string CalledAeTitle { get; }

    public string CallingAeTitle { get; }

    /// <summary>The Application Context Name item (10H), or null when there is none.</summary>
    public string? ApplicationContext { get; private set; }

    /// <summary>The presentation context items, in their order.</summary>
    public IReadOnlyList<ContextItem> Contexts => _contexts;

    /// <summary>The peer's Maximum Length sub-item; 0 means no limit (or none sent).</summary>
    public int MaxLength { get; private set; }

    /// <summary>The peer's Implementation Version Name sub-item, or null.</summary>
    public string? ImplementationVersion { get; private set; }

    /// <summary>Reads the body of an A-ASSOCIATE-RQ (<paramref name="contextItemType"/> 20H) or -AC (21H), the PDU header excluded.</summary>
    /// <exception cref="DicomNetworkException">The PDU is malformed; the message names <paramref name="pdu"/>.</exception>
    public static AssociationItems Parse(ReadOnlySpan<byte> body, string pdu, byte contextItemType)
    {
        if (body.Length < PduItems.FixedLength)
        {
            throw Malformed(pdu, "it is shorter than its fixed fields");
        }

        var parsed = new AssociationItems(
            BinaryPrimitives.ReadUInt16BigEndian(body),
            PduItems.AeTitle(body.Slice(4, 16)),
            PduItems.AeTitle(body.Slice(20, 16)));
        var items = body[PduItems.FixedLength..];
        while (items.Length > 0)
        {
            var type = PduItems.Next(ref items, out var value, pdu);
            if (type == 0x10)
            {
                parsed.ApplicationContext = PduItems.Text(value);
            }
            else if (type == contextItemType)
            {
                parsed._contexts.Add(ReadContext(value, pdu));
            }
            else if (type == 0x50)
            {
                (parsed.MaxLength, parsed.ImplementationVersion) = PduItems.UserInformation(value, pdu);
            }
        }

        return parsed;
    }

    /// <summary>A presentation context item: ID, reserved, result/reason (reserved in a request), reserved, then sub-items.</summary>
    private static ContextItem ReadContext(ReadOnlySpan<byte> value, string pdu)
    {
        if (value.Length < 4)
        {
            throw Malformed(pdu, "a presentation context item is too short");
        }

        string? abstractSyntax = null;
        var syntaxes = new List<string>(4);
        var sub = value[4..];
        while (sub.Length > 0)
        {
            var subType = PduItems.Next(ref sub, out var subValue, pdu);
            if (subType == 0x30)
            {
                abstractSyntax = PduItems.Text(subValue);
            }
            else if (subType == 0x40)
            {
                syntaxes.Add(PduItems.Text(subValue));
            }
        }

        return new ContextItem(value[0], value[2], abstractSyntax, syntaxes);
    }

    private static DicomNetworkException Malformed(string pdu, string why) => new($"The peer's {pdu} is malformed: {why}.");
}
