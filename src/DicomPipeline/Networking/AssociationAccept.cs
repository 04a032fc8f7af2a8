using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Networking;

/// <summary>What the peer answered in its A-ASSOCIATE-AC (PS3.8 section 9.3.3): the context results and its maximum PDU length.</summary>
internal sealed class AssociationAccept
{
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
        if (body.Length < 68)
        {
            throw Malformed("it is shorter than its fixed fields");
        }

        var maxLength = 0;
        string? version = null;
        var items = body[68..];
        while (items.Length > 0)
        {
            var type = NextItem(ref items, out var value);
            switch (type)
            {
                case 0x21:
                    if (value.Length < 4)
                    {
                        throw Malformed("a presentation context item is too short");
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
                        var subType = NextItem(ref sub, out var subValue);
                        if (subType == 0x40 && context.Result == 0)
                        {
                            // PS3.8 section 9.3.3.2: the accepted syntax is one of the proposed ones; any other is refused here.
                            var syntax = Text(subValue);
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
                            version = Text(subValue);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return new AssociationAccept(maxLength, version);
    }

    /// <summary>One item: a type byte, a reserved byte, a 16-bit big endian length, the value.</summary>
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

    internal static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

    private static DicomNetworkException Malformed(string why) => new($"The peer's A-ASSOCIATE-AC is malformed: {why}.");
}
