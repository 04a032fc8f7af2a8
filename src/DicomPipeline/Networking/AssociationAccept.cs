namespace DicomPipeline.Networking;

/// <summary>What the peer answered in its A-ASSOCIATE-AC (PS3.8 section 9.3.3): the context results and its maximum PDU length.</summary>
internal sealed class AssociationAccept
{
    private const string Pdu = "A-ASSOCIATE-AC";

    private AssociationAccept(int maxSendLength, string? implementationVersion)
    {
        PeerMaxReceiveLength = maxSendLength;
        PeerImplementationVersion = implementationVersion;
    }

    /// <summary>The largest P-DATA-TF variable field the peer accepts; 0 means no limit.</summary>
    public int PeerMaxReceiveLength { get; }

    public string? PeerImplementationVersion { get; }

    /// <summary>Reads the body of an A-ASSOCIATE-AC and records each context's result in <paramref name="contexts"/>.</summary>
    /// <exception cref="DicomNetworkException">The PDU is malformed.</exception>
    public static AssociationAccept Parse(ReadOnlySpan<byte> body, IReadOnlyList<PresentationContext> contexts)
    {
        if (body.Length < PduItems.FixedLength)
        {
            throw new DicomNetworkException($"The peer's {Pdu} is malformed: it is shorter than its fixed fields.");
        }

        var maxLength = 0;
        string? version = null;
        var items = body[PduItems.FixedLength..];
        while (items.Length > 0)
        {
            var type = PduItems.Next(ref items, out var value, Pdu);
            switch (type)
            {
                case 0x21:
                    if (value.Length < 4)
                    {
                        throw new DicomNetworkException($"The peer's {Pdu} is malformed: a presentation context item is too short.");
                    }

                    var id = value[0];
                    var context = contexts.FirstOrDefault(c => c.Id == id);
                    if (context is null)
                    {
                        break;
                    }

                    context.Result = value[2];
                    var sub = value[4..];
                    while (sub.Length > 0)
                    {
                        var subType = PduItems.Next(ref sub, out var subValue, Pdu);
                        if (subType == 0x40 && context.Result == 0)
                        {
                            // PS3.8 section 9.3.3.2: the accepted syntax is one of the proposed ones; any other is refused here.
                            var syntax = PduItems.Text(subValue);
                            if (context.TransferSyntaxes.Contains(syntax, StringComparer.Ordinal))
                            {
                                context.AcceptedTransferSyntax = syntax;
                            }
                            else
                            {
                                context.UnproposedTransferSyntax = syntax;
                                context.Result = 0xFF;
                            }
                        }
                    }

                    break;
                case 0x50:
                    (maxLength, version) = PduItems.UserInformation(value, Pdu);
                    break;
                default:
                    break;
            }
        }

        return new AssociationAccept(maxLength, version);
    }

}
