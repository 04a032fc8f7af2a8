namespace DicomPipeline.Dicom;

/// <summary>A transfer syntax (PS3.5 section 10): how a dataset's bytes are laid out after the file meta information.</summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private static readonly Dictionary<string, DicomTransferSyntax> Known = new(StringComparer.Ordinal);

    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool register = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        if (register)
        {
            Known[uid] = this;
        }
    }

    /// <summary>Implicit VR Little Endian, the default transfer syntax (1.2.840.10008.1.2).</summary>
    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);

    /// <summary>Explicit VR Little Endian (1.2.840.10008.1.2.1).</summary>
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);

    /// <summary>Encapsulated Uncompressed Explicit VR Little Endian (1.2.840.10008.1.2.1.98).</summary>
    public static DicomTransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, true);

    /// <summary>Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).</summary>
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);

    /// <summary>Explicit VR Big Endian, retired but still met in old archives (1.2.840.10008.1.2.2).</summary>
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    /// <summary>JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50).</summary>
    public static DicomTransferSyntax JpegBaseline { get; } = Encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");

    /// <summary>JPEG Lossless, Non-Hierarchical, First-Order Prediction (1.2.840.10008.1.2.4.70).</summary>
    public static DicomTransferSyntax JpegLosslessSV1 { get; } = Encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction");

    /// <summary>JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91).</summary>
    public static DicomTransferSyntax Jpeg2000 { get; } = Encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");

    /// <summary>RLE Lossless (1.2.840.10008.1.2.5).</summary>
    public static DicomTransferSyntax RleLossless { get; } = Encapsulated("1.2.840.10008.1.2.5", "RLE Lossless");

    /// <summary>The transfer syntax's UID.</summary>
    public string Uid { get; }

    /// <summary>The transfer syntax's name in PS3.6, or the UID for one this library does not know by name.</summary>
    public string Name { get; }

    /// <summary>Whether each element carries its VR.</summary>
    public bool IsExplicitVR { get; }

    /// <summary>Whether numbers are big endian.</summary>
    public bool IsBigEndian { get; }

    /// <summary>Whether the dataset is compressed with raw deflate (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>Whether pixel data is encapsulated in fragments (compressed or otherwise); such pixel data passes through untouched.</summary>
    public bool IsEncapsulated { get; }

    /// <summary>
    /// Returns the transfer syntax for a UID. UIDs this library does not know by name are taken as an encapsulated
    /// explicit VR little endian syntax, as every transfer syntax defined since 1993 is.
    /// </summary>
    /// <param name="uid">The UID, trailing NUL or space padding allowed.</param>
    /// <returns>The transfer syntax.</returns>
    public static DicomTransferSyntax FromUid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var trimmed = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(trimmed, out var ts) ? ts : new DicomTransferSyntax(trimmed, trimmed, true, false, false, true, register: false);
    }

    /// <summary>Whether the UID is one this library knows by name.</summary>
    /// <param name="uid">The UID.</param>
    /// <returns>True for a known transfer syntax.</returns>
    public static bool IsKnown(string uid) => uid is not null && Known.ContainsKey(uid.TrimEnd('\0', ' '));

    /// <summary>Whether the standard defines this syntax: known here by name, or in the registry of PS3.6.</summary>
    internal bool IsDefined => IsKnown(Uid) || DicomUidRegistry.Contains(Uid);

    /// <inheritdoc/>
    public bool Equals(DicomTransferSyntax? other) => other is not null && string.Equals(Uid, other.Uid, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static DicomTransferSyntax Encapsulated(string uid, string name) => new(uid, name, true, false, false, true);

    static DicomTransferSyntax()
    {
        // The rest of the encapsulated syntaxes of PS3.6 Table A-1: known by name so dumps and reports can say which.
        string[][] more =
        [
            ["1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"],
            ["1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"],
            ["1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"],
            ["1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"],
            ["1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"],
            ["1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"],
            ["1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"],
            ["1.2.840.10008.1.2.4.94", "JPIP Referenced"],
            ["1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"],
            ["1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"],
            ["1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"],
            ["1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"],
            ["1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"],
            ["1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"],
            ["1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"],
            ["1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"],
            ["1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"],
            ["1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"],
            ["1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"],
            ["1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"],
            ["1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"],
        ];
        foreach (var pair in more)
        {
            _ = Encapsulated(pair[0], pair[1]);
        }
    }
}
