using System.Globalization;

namespace DicomPipeline.Dicom;

/// <summary>A DICOM attribute tag: a group and an element number, ordered as the standard orders them.</summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    /// <summary>Creates a tag from its group and element numbers.</summary>
    /// <param name="group">The group number.</param>
    /// <param name="element">The element number.</param>
    public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

    /// <summary>Creates a tag from its 32-bit value <c>ggggeeee</c>.</summary>
    /// <param name="value">The group in the high 16 bits, the element in the low 16 bits.</param>
    public DicomTag(uint value) => Value = value;

    /// <summary>The tag as one 32-bit number, group in the high half.</summary>
    public uint Value { get; }

    /// <summary>The group number.</summary>
    public ushort Group => (ushort)(Value >> 16);

    /// <summary>The element number.</summary>
    public ushort Element => (ushort)Value;

    /// <summary>True for a private tag (odd group number, other than the reserved groups 0001, 0003, 0005, 0007 and FFFF).</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0007 && Group != 0xFFFF;

    /// <summary>True for a private creator element, (gggg,0010) to (gggg,00FF) in a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    /// <summary>True for a group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0x0000;

    /// <summary>
    /// For a private data element (gggg,xxee) with xx from 10 to FF, the private creator tag (gggg,00xx) that reserves it;
    /// otherwise <see langword="null"/>.
    /// </summary>
    public DicomTag? PrivateCreatorTag =>
        IsPrivate && Element >= 0x1000 ? new DicomTag(Group, (ushort)(Element >> 8)) : null;

    /// <summary>The item tag (FFFE,E000).</summary>
    public static DicomTag ItemTag => new(0xFFFEE000);

    /// <summary>The item delimitation tag (FFFE,E00D).</summary>
    public static DicomTag ItemDelimitationTag => new(0xFFFEE00D);

    /// <summary>The sequence delimitation tag (FFFE,E0DD).</summary>
    public static DicomTag SequenceDelimitationTag => new(0xFFFEE0DD);

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hexadecimal).</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The tag.</returns>
    /// <exception cref="FormatException">The text is not a tag.</exception>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var tag) ? tag : throw new FormatException("Not a DICOM tag: expected (gggg,eeee).");
    }

    /// <summary>Tries to parse "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hexadecimal).</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="tag">The tag, when the text is one.</param>
    /// <returns>Whether the text was a tag.</returns>
    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim().Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        tag = new DicomTag(v);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(DicomTag other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomTag t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <inheritdoc/>
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Formats the tag as "(gggg,eeee)" in upper-case hexadecimal.</summary>
    /// <returns>The formatted tag.</returns>
    public override string ToString() =>
        string.Create(11, Value, static (span, v) =>
        {
            span[0] = '(';
            ((ushort)(v >> 16)).TryFormat(span[1..], out _, "X4", CultureInfo.InvariantCulture);
            span[5] = ',';
            ((ushort)v).TryFormat(span[6..], out _, "X4", CultureInfo.InvariantCulture);
            span[10] = ')';
        });

    /// <summary>Equality.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether they are the same tag.</returns>
    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether <paramref name="left"/> comes first.</returns>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <summary>Ordering.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether <paramref name="left"/> comes later.</returns>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <summary>Ordering.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether <paramref name="left"/> does not come later.</returns>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <summary>Ordering.</summary>
    /// <param name="left">A tag.</param>
    /// <param name="right">Another tag.</param>
    /// <returns>Whether <paramref name="left"/> does not come first.</returns>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
