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
        var items = AssociationItems.Parse(body, Pdu, 0x21);
        foreach (var item in items.Contexts)
        {
            var context = contexts.FirstOrDefault(c => c.Id == item.Id);
            if (context is null)
            {
                continue;
            }

            context.Result = item.Result;
            if (context.Result == 0 && item.TransferSyntaxes.Count > 0)
            {
                // PS3.8 section 9.3.3.2: the accepted syntax is one of the proposed ones; any other is refused here.
                var syntax = item.TransferSyntaxes[0];
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

        return new AssociationAccept(items.MaxLength, items.ImplementationVersion);
    }
}
