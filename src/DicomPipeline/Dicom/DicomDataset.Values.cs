using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>Typed access to values.</summary>
public sealed partial class DicomDataset
{
    private static readonly DicomTag SpecificCharacterSetTag = new(0x00080005);

    /// <summary>
    /// The whole value of a string attribute as text, decoded with the dataset's character set, with trailing padding
    /// removed (several values stay joined by <c>\</c>). <see langword="null"/> when absent.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public string? GetString(DicomTag tag)
    {
        return TryGetValueEntry(tag, out var element) ? DecodeString(element) : null;
    }

    /// <summary>The text of an entry of this dataset, as <see cref="GetString(DicomTag)"/> gives it (also an entry a repeated tag replaced).</summary>
    internal string DecodeString(in DicomEntry element)
    {
        // The padding is cut from the bytes before decoding, so that a padded value makes one string and not two: a
        // trailing space or NUL byte is that character in every character set DICOM allows (ASCII in G0; no multi-byte
        // set has either as a trailing byte). The decoded text is trimmed still, for padding before a closing escape.
        var bytes = element.GetBytes().Span.TrimEnd(" \0"u8);
        var text = element.VR.UsesSpecificCharacterSet ? CharacterSet.Decode(bytes, element.VR) : DecodeAscii(bytes);
        return TrimPadding(text);
    }

    /// <summary>The values of a multi-valued string attribute, each trimmed as its VR allows; empty when absent.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The values.</returns>
    public IReadOnlyList<string> GetStrings(DicomTag tag)
    {
        if (!TryGetValueEntry(tag, out var element))
        {
            return [];
        }

        var whole = GetString(tag) ?? string.Empty;
        return element.VR.IsMultiValuedString ? SplitValues(whole, element.VR) : [whole];
    }

    /// <summary>
    /// One numeric value, converted to <typeparamref name="T"/>, from any numeric VR: US, SS, UL, SL, UV, SV, FL, FD,
    /// IS, DS (and the OB/OW family read as words of their size).
    /// </summary>
    /// <typeparam name="T">The number type wanted.</typeparam>
    /// <param name="tag">The tag.</param>
    /// <param name="index">Which value, for a multi-valued attribute.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when the attribute is present, numeric and has that many values.</returns>
    public bool TryGetNumber<T>(DicomTag tag, int index, [MaybeNullWhen(false)] out T value)
        where T : INumber<T>
    {
        value = default;
        if (!TryGetValueEntry(tag, out var element) || index < 0)
        {
            return false;
        }

        var vr = element.VR;
        if (vr.IsString)
        {
            var values = GetStrings(tag);
            if (index >= values.Count)
            {
                return false;
            }

            if (!double.TryParse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return false;
            }

            value = T.CreateSaturating(d);
            return true;
        }

        var bytes = element.GetBytes().Span;
        var size = vr.UnitSize;
        if (vr == DicomVR.AT || (long)(index + 1) * size > bytes.Length)
        {
            return false;
        }

        var at = bytes.Slice(index * size, size);
        value = vr.Code switch
        {
            "US" or "OW" => T.CreateChecked(BinaryPrimitives.ReadUInt16LittleEndian(at)),
            "SS" => T.CreateSaturating(BinaryPrimitives.ReadInt16LittleEndian(at)),
            "UL" or "OL" => T.CreateSaturating(BinaryPrimitives.ReadUInt32LittleEndian(at)),
            "SL" => T.CreateSaturating(BinaryPrimitives.ReadInt32LittleEndian(at)),
            "UV" or "OV" => T.CreateSaturating(BinaryPrimitives.ReadUInt64LittleEndian(at)),
            "SV" => T.CreateSaturating(BinaryPrimitives.ReadInt64LittleEndian(at)),
            "FL" or "OF" => T.CreateSaturating(BinaryPrimitives.ReadSingleLittleEndian(at)),
            "FD" or "OD" => T.CreateSaturating(BinaryPrimitives.ReadDoubleLittleEndian(at)),
            _ => T.CreateChecked(at[0]),
        };
        return true;
    }

    /// <summary>One numeric value, or <paramref name="defaultValue"/> when absent or not numeric.</summary>
    /// <typeparam name="T">The number type wanted.</typeparam>
    /// <param name="tag">The tag.</param>
    /// <param name="defaultValue">What to return when there is no such value.</param>
    /// <param name="index">Which value, for a multi-valued attribute.</param>
    /// <returns>The value.</returns>
    public T GetNumberOrDefault<T>(DicomTag tag, T defaultValue, int index = 0)
        where T : INumber<T> =>
        TryGetNumber<T>(tag, index, out var value) ? value : defaultValue;

    /// <summary>A DA value as a date; <see langword="null"/> when absent, empty or not a valid date.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The date.</returns>
    public DateOnly? GetDate(DicomTag tag)
    {
        var text = GetStrings(tag) is [var first, ..] ? first : null;
        return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    /// <summary>A TM value as a time of day (fractions of seconds kept); <see langword="null"/> when absent or invalid.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The time.</returns>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var text = GetStrings(tag) is [var first, ..] ? first.Replace(":", string.Empty, StringComparison.Ordinal) : null;
        string[] formats = ["HH", "HHmm", "HHmmss", "HHmmss.F", "HHmmss.FF", "HHmmss.FFF", "HHmmss.FFFF", "HHmmss.FFFFF", "HHmmss.FFFFFF"];
        return TimeOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    /// <summary>A PN value parsed into its components; <see langword="null"/> when absent.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The person name.</returns>
    public DicomPersonName? GetPersonName(DicomTag tag)
    {
        var text = GetString(tag);
        return text is null ? null : DicomPersonName.Parse(text);
    }

    /// <summary>
    /// Sets a string attribute, encoding <paramref name="value"/> with the dataset's character set and padding it to
    /// even length as its VR requires. The VR is the data dictionary's when not given.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The text; several values joined with <c>\</c>.</param>
    /// <param name="vr">The VR, or <see langword="null"/> for the dictionary's.</param>
    /// <returns>This dataset.</returns>
    /// <exception cref="ArgumentException">The VR is not a string VR, or the text cannot be encoded in the dataset's character set.</exception>
    public DicomDataset SetString(DicomTag tag, string value, DicomVR? vr = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        vr ??= DicomDictionary.GetDefaultVR(tag);
        if (!vr.IsString)
        {
            throw new ArgumentException($"{tag} has VR {vr}, which is not a string VR.", nameof(vr));
        }

        byte[] bytes;
        if (vr.UsesSpecificCharacterSet)
        {
            var characterSet = tag == SpecificCharacterSetTag ? DicomCharacterSet.Default : CharacterSet;
            if (!characterSet.TryEncode(value, vr, out bytes))
            {
                throw new ArgumentException($"The value for {tag} cannot be encoded in the dataset's Specific Character Set.", nameof(value));
            }
        }
        else
        {
            if (!Ascii.IsValid(value))
            {
                throw new ArgumentException($"The value for {tag} ({vr}) must be plain ASCII.", nameof(value));
            }

            // Encoded straight into an array of the padded length: one allocation, not one for the bytes and one to pad.
            bytes = new byte[value.Length + (value.Length & 1)];
            Encoding.ASCII.GetBytes(value, bytes);
            if ((value.Length & 1) == 1)
            {
                bytes[^1] = vr.PaddingByte;
            }

            Set(tag, vr, bytes);
            return this;
        }

        Set(tag, vr, Pad(bytes, vr));
        return this;
    }

    /// <summary>Sets a multi-valued string attribute.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="values">The values.</param>
    /// <returns>This dataset.</returns>
    public DicomDataset SetStrings(DicomTag tag, params IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SetString(tag, string.Join('\\', values));
    }

    /// <summary>Sets a DA attribute.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="date">The date.</param>
    /// <returns>This dataset.</returns>
    public DicomDataset SetDate(DicomTag tag, DateOnly date) =>
        SetString(tag, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), DicomVR.DA);

    /// <summary>Sets a TM attribute (to the microsecond).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="time">The time.</param>
    /// <returns>This dataset.</returns>
    public DicomDataset SetTime(DicomTag tag, TimeOnly time) =>
        SetString(tag, time.ToString("HHmmss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'), DicomVR.TM);

    /// <summary>Sets a binary numeric attribute (US, SS, UL, SL, UV, SV, FL, FD) or an IS/DS attribute.</summary>
    /// <typeparam name="T">The number type given.</typeparam>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">The VR, or <see langword="null"/> for the dictionary's.</param>
    /// <param name="values">The values.</param>
    /// <returns>This dataset.</returns>
    /// <exception cref="ArgumentException">The VR is not numeric.</exception>
    /// <exception cref="OverflowException">A value does not fit the VR.</exception>
    public DicomDataset SetNumbers<T>(DicomTag tag, DicomVR? vr, params T[] values)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        vr ??= DicomDictionary.GetDefaultVR(tag);
        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            var text = string.Join('\\', values.Select(v => vr == DicomVR.IS
                ? long.CreateChecked(v).ToString(CultureInfo.InvariantCulture)
                : FormatDecimalString(double.CreateChecked(v))));
            return SetString(tag, text, vr);
        }

        if (!vr.IsBinaryNumber || vr == DicomVR.AT)
        {
            throw new ArgumentException($"{tag} has VR {vr}, which is not numeric.", nameof(vr));
        }

        var bytes = new byte[values.Length * vr.UnitSize];
        for (var i = 0; i < values.Length; i++)
        {
            var at = bytes.AsSpan(i * vr.UnitSize);
            var v = values[i];
            switch (vr.Code)
            {
                case "US": BinaryPrimitives.WriteUInt16LittleEndian(at, ushort.CreateChecked(v)); break;
                case "SS": BinaryPrimitives.WriteInt16LittleEndian(at, short.CreateChecked(v)); break;
                case "UL": BinaryPrimitives.WriteUInt32LittleEndian(at, uint.CreateChecked(v)); break;
                case "SL": BinaryPrimitives.WriteInt32LittleEndian(at, int.CreateChecked(v)); break;
                case "UV": BinaryPrimitives.WriteUInt64LittleEndian(at, ulong.CreateChecked(v)); break;
                case "SV": BinaryPrimitives.WriteInt64LittleEndian(at, long.CreateChecked(v)); break;
                case "FL": BinaryPrimitives.WriteSingleLittleEndian(at, float.CreateChecked(v)); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(at, double.CreateChecked(v)); break;
            }
        }

        Set(tag, vr, bytes);
        return this;
    }

    /// <summary>Sets an attribute to raw bytes (OB, OW, UN and the like), padded to even length.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">The VR.</param>
    /// <param name="bytes">The value, little endian for word VRs.</param>
    /// <returns>This dataset.</returns>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Set(tag, vr, bytes.Length % 2 == 0 ? bytes : Pad(bytes.ToArray(), vr));
        return this;
    }

    /// <summary>Formats a number as a DS value of at most 16 characters.</summary>
    internal static string FormatDecimalString(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>Pads an encoded value to even length with its VR's padding byte.</summary>
    internal static byte[] Pad(byte[] bytes, DicomVR vr)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte;
        return padded;
    }

    /// <summary>Decodes bytes as ISO 646 text; bytes above 0x7F are taken as Latin-1 so nothing is lost.</summary>
    internal static string DecodeAscii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Splits a multi-valued string at backslashes and trims each value as its VR allows.</summary>
    internal static string[] SplitValues(string whole, DicomVR vr)
    {
        var parts = whole.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = vr == DicomVR.PN || vr.UsesSpecificCharacterSet && vr != DicomVR.SH && vr != DicomVR.LO
                ? TrimPadding(parts[i])
                : parts[i].Trim(Padding);
        }

        return parts;
    }

    /// <summary>Removes trailing padding: spaces for text, NULs for UI (and any stray NUL), whatever the VR.</summary>
    /// <remarks>One array for every call: <c>TrimEnd(' ', '\0')</c> allocates its <c>params</c> array each time.</remarks>
    internal static string TrimPadding(string text) => text.TrimEnd(Padding);

    /// <summary>The padding a string value may carry: spaces, and NULs (UI's, or stray).</summary>
    private static readonly char[] Padding = [' ', '\0'];
}
