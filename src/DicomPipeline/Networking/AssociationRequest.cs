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
        PduItems.WriteFixedPart(body, CalledAeTitle, CallingAeTitle);
        PduItems.Write(body, 0x10, ApplicationContextName);
        foreach (var context in Contexts)
        {
            using var item = new MemoryStream();
            item.Write([context.Id, 0, 0, 0]);
            PduItems.Write(item, 0x30, context.AbstractSyntax);
            foreach (var syntax in context.TransferSyntaxes)
            {
                PduItems.Write(item, 0x40, syntax);
            }

            PduItems.Write(body, 0x20, item.GetBuffer().AsSpan(0, (int)item.Length));
        }

        PduItems.WriteUserInformation(body, MaxReceiveLength);
        return PduItems.Frame(PduType.AssociateRequest, body);
    }
}
