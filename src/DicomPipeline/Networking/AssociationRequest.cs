using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Networking;

/// <summary>What this side asks for when it opens an association: the AE titles, the presentation contexts and the largest P-DATA-TF it accepts.</summary>
internal sealed class AssociationRequest
{
    /// <summary>The DICOM application context name (PS3.7 Annex A.2.1).</summary>
    public const string ApplicationContextName = "1.2.840.10008.3.1.1.1";

    public AssociationRequest(string calledAeTitle, string callingAeTitle, IReadOnlyList<PresentationContext> contexts, int maxReceiveLength)
    {
        CalledAeTitle = calledAeTitle;
        CallingAeTitle = callingAeTitle;
        Contexts = contexts;
        MaxReceiveLength = maxReceiveLength;
    }

    public string CalledAeTitle { get; }

    public string CallingAeTitle { get; }

    public IReadOnlyList<PresentationContext> Contexts { get; }

    /// <summary>The largest P-DATA-TF variable field this side accepts (User Information, Maximum Length sub-item).</summary>
    public int MaxReceiveLength { get; }

    /// <summary>The A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2), header included.</summary>
    public byte[] Encode()
    {
        using var body = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[68];
        fixedPart.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, 1); // protocol version
        WriteAeTitle(fixedPart.Slice(4, 16), CalledAeTitle);
        WriteAeTitle(fixedPart.Slice(20, 16), CallingAeTitle);
        body.Write(fixedPart);

        WriteItem(body, 0x10, Encoding.ASCII.GetBytes(ApplicationContextName));
        foreach (var context in Contexts)
        {
            using var item = new MemoryStream();
            item.Write([context.Id, 0, 0, 0]);
            WriteItem(item, 0x30, Encoding.ASCII.GetBytes(context.AbstractSyntax));
            foreach (var syntax in context.TransferSyntaxes)
            {
                WriteItem(item, 0x40, Encoding.ASCII.GetBytes(syntax));
            }

            WriteItem(body, 0x20, item.ToArray());
        }

        using var user = new MemoryStream();
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, (uint)MaxReceiveLength);
        WriteItem(user, 0x51, max);
        WriteItem(user, 0x52, Encoding.ASCII.GetBytes(DicomImplementation.ClassUid));
        WriteItem(user, 0x55, Encoding.ASCII.GetBytes(DicomImplementation.VersionName));
        WriteItem(body, 0x50, user.ToArray());

        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)PduType.AssociateRequest;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(pdu.AsSpan(6));
        return pdu;
    }

    private static void WriteAeTitle(Span<byte> target, string title)
    {
        target.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title, target);
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
}
