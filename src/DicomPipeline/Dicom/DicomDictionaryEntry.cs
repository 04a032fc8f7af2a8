using System.Collections.ObjectModel;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>One attribute of the PS3.6 data dictionary (see <see cref="DicomDictionary"/>).</summary>
public sealed class DicomDictionaryEntry
{
    // The VRs as the dictionary shares them between entries: the array Allows walks (it is asked for nearly every attribute
    // de-identified or read implicitly, and Contains through IReadOnlyList costs a type test and two interface calls), its
    // read-only wrapper and the default VR, made once per list.
    private readonly VRList _vrs;

    // The text fields, made on first use: the table has 5,129 entries and a run looks at a few hundred of them, so making
    // every keyword, name and multiplicity a string when the table loads cost about 1.2 MB at every start (most of what
    // the first collection then had to copy). Until then they are read from the entry's line of the table,
    // "ggggeeee|Keyword|Name|VR/VR|VM|R" (see DicomDictionary.GeneratedTable). A race makes the same string twice.
    private readonly int _lineStart;
    private readonly int _lineLength;
    private string? _keyword;
    private string? _name;
    private string? _valueMultiplicity;

    /// <summary>An entry whose text fields are read, when first asked for, from its line of the dictionary's table.</summary>
    internal DicomDictionaryEntry(DicomTag tag, uint tagMask, int lineStart, int lineLength, VRList valueRepresentations, bool isRetired)
        : this(tag, tagMask, valueRepresentations, isRetired)
    {
        _lineStart = lineStart;
        _lineLength = lineLength;
    }

    /// <summary>An entry made with its text fields (the synthetic group length and private creator entries).</summary>
    internal DicomDictionaryEntry(
        DicomTag tag,
        uint tagMask,
        string keyword,
        string name,
        VRList valueRepresentations,
        string valueMultiplicity,
        bool isRetired)
        : this(tag, tagMask, valueRepresentations, isRetired)
    {
        _keyword = keyword;
        _name = name;
        _valueMultiplicity = valueMultiplicity;
    }

    private DicomDictionaryEntry(DicomTag tag, uint tagMask, VRList valueRepresentations, bool isRetired)
    {
        Tag = tag;
        TagMask = tagMask;
        _vrs = valueRepresentations;
        IsRetired = isRetired;
    }

    /// <summary>
    /// The tag. For a repeating entry such as (60xx,3000) this is the first tag of the pattern, with the repeating digits 0
    /// (here (6000,3000)); see <see cref="TagMask"/>.
    /// </summary>
    public DicomTag Tag { get; }

    /// <summary>
    /// The bits of a tag that are fixed by this entry: <c>0xFFFFFFFF</c> for an ordinary attribute, 0 nibbles for the
    /// repeating digits (<c>0xFF00FFFF</c> for (60xx,3000)).
    /// </summary>
    public uint TagMask { get; }

    /// <summary>True for an entry whose tag has repeating digits, e.g. (60xx,3000) or (0028,04x0).</summary>
    public bool IsRepeating => TagMask != uint.MaxValue;

    /// <summary>The keyword, e.g. "PatientName"; empty for the few retired entries the standard leaves without one.</summary>
    public string Keyword => _keyword ??= Encoding.UTF8.GetString(Field(1));

    /// <summary>The name, e.g. "Patient's Name"; empty where the standard gives none.</summary>
    public string Name => _name ??= Encoding.UTF8.GetString(Field(2));

    /// <summary>
    /// The value representations the standard allows, in its order (two or three for entries such as "US or SS" or "OB or OW");
    /// empty for items and delimiters (FFFE,E000/E00D/E0DD) and for the few retired entries without a VR.
    /// </summary>
    public IReadOnlyList<DicomVR> ValueRepresentations => _vrs.ReadOnly;

    /// <summary>The value multiplicity as the standard writes it, e.g. "1", "1-n", "2-2n".</summary>
    public string ValueMultiplicity => _valueMultiplicity ??= Encoding.UTF8.GetString(Field(4));

    /// <summary>True for a retired attribute.</summary>
    public bool IsRetired { get; }

    /// <summary>Field <paramref name="index"/> (0 the tag, 1 the keyword, …) of the table line at <paramref name="lineStart"/>.</summary>
    internal static ReadOnlySpan<byte> LineField(int lineStart, int lineLength, int index)
    {
        var rest = DicomDictionary.TableText(lineStart, lineLength);
        for (var i = 0; i < index; i++)
        {
            rest = rest[(rest.IndexOf((byte)'|') + 1)..];
        }

        var bar = rest.IndexOf((byte)'|');
        return bar < 0 ? rest : rest[..bar];
    }

    /// <summary>Whether the standard gives this attribute any VR (items, delimiters and a few retired entries have none).</summary>
    internal bool HasValueRepresentations => _vrs.Items.Length > 0;

    /// <summary>Whether the standard allows <paramref name="vr"/> for this attribute.</summary>
    internal bool Allows(DicomVR vr)
    {
        foreach (var allowed in _vrs.Items)
        {
            if (ReferenceEquals(allowed, vr))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The VR an implicit VR reader assumes (see <see cref="DicomDictionary.GetDefaultVR"/>): OW wherever the standard
    /// allows OW (pixel, overlay, curve, waveform and LUT data: implicit VR Little Endian encodes these as OW, whose
    /// 16-bit words byte-swap like US / SS and whose 32-bit length fits any size); otherwise the first VR the standard
    /// lists (US for "US or SS"); UN when it lists none.
    /// </summary>
    internal DicomVR DefaultVR => _vrs.DefaultVR;

    /// <summary>Formats the entry as its tag (x for repeating digits) and keyword, e.g. "(60xx,3000) OverlayData".</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Span<char> text = stackalloc char[11];
        var tag = Tag.ToString();
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = tag[i];
        }

        for (var nibble = 0; nibble < 8; nibble++)
        {
            if (((TagMask >> (28 - (4 * nibble))) & 0xF) == 0)
            {
                text[nibble < 4 ? 1 + nibble : 2 + nibble] = 'x';
            }
        }

        return Keyword.Length == 0 ? text.ToString() : string.Concat(text, " ", Keyword);
    }

    /// <summary>Field <paramref name="index"/> (0 the tag, 1 the keyword, …) of the entry's table line.</summary>
    private ReadOnlySpan<byte> Field(int index) => LineField(_lineStart, _lineLength, index);

    /// <summary>A list of VRs as the dictionary shares it between entries: the array and its read-only wrapper.</summary>
    /// <param name="Items">The VRs, in the standard's order; never changed.</param>
    internal sealed record VRList(DicomVR[] Items)
    {
        /// <summary>No VR: items, delimiters and a few retired entries.</summary>
        public static VRList None { get; } = new([]);

        /// <summary>The read-only view the public API gives out.</summary>
        public ReadOnlyCollection<DicomVR> ReadOnly { get; } = Array.AsReadOnly(Items);

        /// <summary>See <see cref="DicomDictionaryEntry.DefaultVR"/>: OW where OW is allowed, else the first VR, UN for none.</summary>
        public DicomVR DefaultVR { get; } = Items.Length == 0 ? DicomVR.UN : Array.Exists(Items, vr => ReferenceEquals(vr, DicomVR.OW)) ? DicomVR.OW : Items[0];
    }
}
