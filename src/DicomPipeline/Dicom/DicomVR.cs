namespace DicomPipeline.Dicom;

/// <summary>A value representation (PS3.5 section 6.2): how an attribute's value is encoded.</summary>
public sealed class DicomVR
{
    // Every VR by its two letters (A-Z each): one array read per explicit VR header the reader meets.
    private static readonly DicomVR?[] ByLetters = new DicomVR?[26 * 26];

    // Every VR by its number, in the order made: a dataset's entry holds the number, one byte with no reference to trace.
    private static readonly DicomVR[] ByIndex = new DicomVR[64];
    private static int s_made;

    private DicomVR(string code, VRKind kind, bool longLength, int unitSize, int maxLength, byte padding, bool usesCharacterSet, bool multiValued)
    {
        Code = code;
        Kind = kind;
        HasLongExplicitLength = longLength;
        UnitSize = unitSize;
        MaxLength = maxLength;
        PaddingByte = padding;
        UsesSpecificCharacterSet = usesCharacterSet;
        IsMultiValuedString = multiValued;
        ByLetters[((code[0] - 'A') * 26) + (code[1] - 'A')] = this;
        Index = (byte)s_made++;
        ByIndex[Index] = this;
    }

    /// <summary>Application Entity.</summary>
    public static DicomVR AE { get; } = Text("AE", 16, false, true);

    /// <summary>Age String.</summary>
    public static DicomVR AS { get; } = Text("AS", 4, false, true);

    /// <summary>Attribute Tag.</summary>
    public static DicomVR AT { get; } = new("AT", VRKind.Binary, false, 4, 0, 0, false, false);

    /// <summary>Code String.</summary>
    public static DicomVR CS { get; } = Text("CS", 16, false, true);

    /// <summary>Date.</summary>
    public static DicomVR DA { get; } = Text("DA", 8, false, true);

    /// <summary>Decimal String.</summary>
    public static DicomVR DS { get; } = Text("DS", 16, false, true);

    /// <summary>Date Time.</summary>
    public static DicomVR DT { get; } = Text("DT", 26, false, true);

    /// <summary>Floating Point Double.</summary>
    public static DicomVR FD { get; } = new("FD", VRKind.Binary, false, 8, 0, 0, false, false);

    /// <summary>Floating Point Single.</summary>
    public static DicomVR FL { get; } = new("FL", VRKind.Binary, false, 4, 0, 0, false, false);

    /// <summary>Integer String.</summary>
    public static DicomVR IS { get; } = Text("IS", 12, false, true);

    /// <summary>Long String.</summary>
    public static DicomVR LO { get; } = Text("LO", 64, true, true);

    /// <summary>Long Text.</summary>
    public static DicomVR LT { get; } = Text("LT", 10240, true, false);

    /// <summary>Other Byte.</summary>
    public static DicomVR OB { get; } = new("OB", VRKind.Bulk, true, 1, 0, 0, false, false);

    /// <summary>Other Double.</summary>
    public static DicomVR OD { get; } = new("OD", VRKind.Bulk, true, 8, 0, 0, false, false);

    /// <summary>Other Float.</summary>
    public static DicomVR OF { get; } = new("OF", VRKind.Bulk, true, 4, 0, 0, false, false);

    /// <summary>Other Long.</summary>
    public static DicomVR OL { get; } = new("OL", VRKind.Bulk, true, 4, 0, 0, false, false);

    /// <summary>Other 64-bit Very Long.</summary>
    public static DicomVR OV { get; } = new("OV", VRKind.Bulk, true, 8, 0, 0, false, false);

    /// <summary>Other Word.</summary>
    public static DicomVR OW { get; } = new("OW", VRKind.Bulk, true, 2, 0, 0, false, false);

    /// <summary>Person Name.</summary>
    public static DicomVR PN { get; } = Text("PN", 64 * 5, true, true);

    /// <summary>Short String.</summary>
    public static DicomVR SH { get; } = Text("SH", 16, true, true);

    /// <summary>Signed Long.</summary>
    public static DicomVR SL { get; } = new("SL", VRKind.Binary, false, 4, 0, 0, false, false);

    /// <summary>Sequence of Items.</summary>
    public static DicomVR SQ { get; } = new("SQ", VRKind.Sequence, true, 1, 0, 0, false, false);

    /// <summary>Signed Short.</summary>
    public static DicomVR SS { get; } = new("SS", VRKind.Binary, false, 2, 0, 0, false, false);

    /// <summary>Short Text.</summary>
    public static DicomVR ST { get; } = Text("ST", 1024, true, false);

    /// <summary>Signed 64-bit Very Long.</summary>
    public static DicomVR SV { get; } = new("SV", VRKind.Binary, true, 8, 0, 0, false, false);

    /// <summary>Time.</summary>
    public static DicomVR TM { get; } = Text("TM", 14, false, true);

    /// <summary>Unlimited Characters.</summary>
    public static DicomVR UC { get; } = new("UC", VRKind.Text, true, 1, int.MaxValue, (byte)' ', true, true);

    /// <summary>Unique Identifier.</summary>
    public static DicomVR UI { get; } = new("UI", VRKind.Text, false, 1, 64, 0, false, true);

    /// <summary>Unsigned Long.</summary>
    public static DicomVR UL { get; } = new("UL", VRKind.Binary, false, 4, 0, 0, false, false);

    /// <summary>Unknown.</summary>
    public static DicomVR UN { get; } = new("UN", VRKind.Bulk, true, 1, 0, 0, false, false);

    /// <summary>Universal Resource Identifier or Locator.</summary>
    public static DicomVR UR { get; } = new("UR", VRKind.Text, true, 1, int.MaxValue, (byte)' ', false, false);

    /// <summary>Unsigned Short.</summary>
    public static DicomVR US { get; } = new("US", VRKind.Binary, false, 2, 0, 0, false, false);

    /// <summary>Unlimited Text.</summary>
    public static DicomVR UT { get; } = new("UT", VRKind.Text, true, 1, int.MaxValue, (byte)' ', true, false);

    /// <summary>Unsigned 64-bit Very Long.</summary>
    public static DicomVR UV { get; } = new("UV", VRKind.Binary, true, 8, 0, 0, false, false);

    /// <summary>The two-letter code, e.g. "PN".</summary>
    public string Code { get; }

    /// <summary>
    /// True where explicit VR encoding uses two reserved bytes and a 32-bit length
    /// (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV); false where it uses a 16-bit length.
    /// </summary>
    public bool HasLongExplicitLength { get; }

    /// <summary>True for character-string VRs (AE … UT), whose values are text.</summary>
    public bool IsString => Kind == VRKind.Text;

    /// <summary>True for the binary numeric VRs with a fixed size per value (AT, FD, FL, SL, SS, SV, UL, US, UV).</summary>
    public bool IsBinaryNumber => Kind == VRKind.Binary;

    /// <summary>True for the "other" VRs and UN: a byte string or a run of fixed-size words, possibly large.</summary>
    public bool IsBulk => Kind == VRKind.Bulk;

    /// <summary>True for SQ.</summary>
    public bool IsSequence => Kind == VRKind.Sequence;

    /// <summary>
    /// Bytes per value for binary VRs, the unit that is byte-swapped between little and big endian (1 for text, OB and UN).
    /// </summary>
    public int UnitSize { get; }

    /// <summary>Maximum length of one value in characters for string VRs (bytes for UI), 0 where the VR has none.</summary>
    public int MaxLength { get; }

    /// <summary>The byte that pads a value to even length: a space for most text, NUL for UI and binary VRs.</summary>
    public byte PaddingByte { get; }

    /// <summary>True for SH, LO, ST, LT, PN, UC and UT, whose text is encoded with the Specific Character Set.</summary>
    public bool UsesSpecificCharacterSet { get; }

    /// <summary>True for string VRs whose value may hold several values separated by a backslash.</summary>
    public bool IsMultiValuedString { get; }

    private VRKind Kind { get; }

    /// <summary>Returns the VR for a two-letter code.</summary>
    /// <param name="code">The code, e.g. "PN".</param>
    /// <returns>The VR.</returns>
    /// <exception cref="ArgumentException">The code is not a VR of the standard.</exception>
    public static DicomVR Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryParse(code, out var vr) ? vr : throw new ArgumentException("Not a DICOM value representation.", nameof(code));
    }

    /// <summary>Looks up the VR for a two-letter code.</summary>
    /// <param name="code">The code, e.g. "PN".</param>
    /// <param name="vr">The VR, when the code is one.</param>
    /// <returns>Whether the code is a VR of the standard.</returns>
    public static bool TryParse(string? code, out DicomVR vr)
    {
        vr = UN;
        return code is { Length: 2 } && code[0] <= 'Z' && code[1] <= 'Z' && TryParse((byte)code[0], (byte)code[1], out vr);
    }

    /// <summary>Looks up the VR for the two bytes of an explicit VR header.</summary>
    internal static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        var a = (uint)(first - 'A');
        var b = (uint)(second - 'A');
        if (a < 26 && b < 26 && ByLetters[(a * 26) + b] is { } found)
        {
            vr = found;
            return true;
        }

        vr = UN;
        return false;
    }

    /// <summary>This VR's number (see <see cref="FromIndex"/>).</summary>
    internal byte Index { get; }

    /// <inheritdoc/>
    public override string ToString() => Code;

    /// <summary>The VR with the given <see cref="Index"/>.</summary>
    internal static DicomVR FromIndex(byte index) => ByIndex[index];

    private static DicomVR Text(string code, int maxLength, bool usesCharacterSet, bool multiValued) =>
        new(code, VRKind.Text, false, 1, maxLength, (byte)' ', usesCharacterSet, multiValued);

    private enum VRKind
    {
        Text,
        Binary,
        Bulk,
        Sequence,
    }
}
