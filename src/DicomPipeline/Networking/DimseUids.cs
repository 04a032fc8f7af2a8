namespace DicomPipeline.Networking;

/// <summary>UIDs the network code names (PS3.6 Annex A).</summary>
internal static class DimseUids
{
    /// <summary>Verification SOP Class, the abstract syntax of C-ECHO.</summary>
    public const string Verification = "1.2.840.10008.1.1";

    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";

    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
}
