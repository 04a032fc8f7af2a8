using System.Buffers;
using System.Globalization;
using System.Text;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The other readings of a kept text that carries a value in an escaped or mis-encoded form (the outside hunt's second
/// round, N01–N13, V29, G17): percent-encoding ("Daj%C3%BCiwiwij", also in a URL), quoted-printable ("=C3=BC"), JSON's
/// "\u00fc", HTML's "&amp;uuml;" and "&amp;#252;", RTF's "\'fc", UTF-8 read as Latin-1 and encoded again ("Ã¼"), and
/// whole tokens in Base64 (found by the padding that ends most of them) or hexadecimal (read once one of the other
/// marks is there; alone, hex and unpadded Base64 are not looked for: every value would have to be scanned for them).
/// Each reading is searched for the instance's needles as the text is; a value that holds one in any reading is
/// replaced whole (the reading's positions are not the text's).
/// </summary>
/// <remarks>
/// Most values have none of the marks, and are looked at once (<see cref="MayHold"/>, a vectorised search) without a
/// string made. A reading is made only where its mark is, and compared only with needles: a decoding that happens to
/// give letters is harmless unless they are the patient's.
/// </remarks>
internal static class EscapedText
{
    private const int ShortestEncodedToken = 8;

    private static readonly SearchValues<byte> Marks = SearchValues.Create("%=&\\"u8);

    private static readonly SearchValues<char> Base64Letters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>
    /// Whether a value's bytes may hold an escaped or encoded form: a mark with what it escapes after it (Base64's by its
    /// padding), or a byte above ASCII. Two vectorised searches, as every kept text value is looked at.
    /// </summary>
    public static bool MayHold(ReadOnlySpan<byte> value)
    {
        if (!Ascii.IsValid(value))
        {
            return true;
        }

        var at = value.IndexOfAny(Marks);
        while (at >= 0)
        {
            var rest = value[(at + 1)..];
            var escapes = value[at] switch
            {
                (byte)'%' => rest.Length >= 2 && char.IsAsciiHexDigit((char)rest[0]) && char.IsAsciiHexDigit((char)rest[1]),

                // Quoted-printable's "=C3", or Base64's padding at the end of a token.
                (byte)'=' => (rest.Length >= 2 && char.IsAsciiHexDigit((char)rest[0]) && char.IsAsciiHexDigit((char)rest[1]))
                    || rest.Length == 0 || rest[0] is (byte)'=' or (byte)' ' or (byte)'\\',
                (byte)'&' => rest.IndexOf((byte)';') > 0,
                _ => rest.Length >= 3 && (rest[0] is (byte)'u' or (byte)'U' or (byte)'\''),
            };
            if (escapes)
            {
                return true;
            }

            var next = rest.IndexOfAny(Marks);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    /// <summary>The readings of <paramref name="text"/> that differ from it.</summary>
    public static IEnumerable<string> Readings(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal) && FromHexEscapes(text, "%") is { } percent)
        {
            yield return percent;
        }

        if (text.Contains('=', StringComparison.Ordinal) && FromHexEscapes(text.Replace("=\r\n", string.Empty, StringComparison.Ordinal), "=") is { } quoted)
        {
            yield return quoted;
        }

        if (text.Contains("\\'", StringComparison.Ordinal) && FromHexEscapes(text, "\\'") is { } rtf)
        {
            yield return rtf;
        }

        if (text.Contains("\\u", StringComparison.OrdinalIgnoreCase) && FromUnicodeEscapes(text) is { } json)
        {
            yield return json;
        }

        if (text.Contains('&', StringComparison.Ordinal) && System.Net.WebUtility.HtmlDecode(text) is { } html && !string.Equals(html, text, StringComparison.Ordinal))
        {
            yield return html;
        }

        if (Reencoded(text) is { } mojibake)
        {
            yield return mojibake;
        }

        foreach (var token in LongTokens(text))
        {
            yield return token;
        }
    }

    /// <summary>Bytes written as a mark and two hexadecimal digits, decoded as UTF-8 (Latin-1 when they are not), or null.</summary>
    private static string? FromHexEscapes(string text, string mark)
    {
        var bytes = new List<byte>(text.Length);
        var changed = false;
        for (var i = 0; i < text.Length; i++)
        {
            var digits = i + mark.Length;
            if (digits + 1 < text.Length && text.AsSpan(i).StartsWith(mark, StringComparison.Ordinal)
                && byte.TryParse(text.AsSpan(digits, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var escaped))
            {
                bytes.Add(escaped);
                i = digits + 1;
                changed = true;
            }
            else if (text[i] < 0x80)
            {
                bytes.Add((byte)text[i]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return changed ? Decode([.. bytes]) : null;
    }

    /// <summary>"\u00fc" (JSON, JavaScript, C) as the character it names, or null.</summary>
    private static string? FromUnicodeEscapes(string text)
    {
        var s = new StringBuilder(text.Length);
        var changed = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 5 < text.Length && (text[i + 1] is 'u' or 'U')
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                s.Append((char)code);
                i += 5;
                changed = true;
            }
            else
            {
                s.Append(text[i]);
            }
        }

        return changed ? s.ToString() : null;
    }

    /// <summary>UTF-8 that was read as Latin-1 and encoded again ("MÃ¼ller"): its Latin-1 bytes read as UTF-8, or null.</summary>
    private static string? Reencoded(string text)
    {
        var twoByteLead = false;
        foreach (var c in text)
        {
            if (c > 0xFF)
            {
                return null;
            }

            twoByteLead |= c is >= '\u00C2' and <= '\u00F4';
        }

        if (!twoByteLead)
        {
            return null;
        }

        var bytes = Encoding.Latin1.GetBytes(text);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The tokens of eight characters or more that read as Base64 or as hexadecimal, decoded.</summary>
    private static IEnumerable<string> LongTokens(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var length = text.AsSpan(start).IndexOfAnyExcept(Base64Letters);
            if (length < 0)
            {
                length = text.Length - start;
            }

            if (length >= ShortestEncodedToken && Decoded(text.Substring(start, length)) is { } decoded)
            {
                yield return decoded;
            }

            start += Math.Max(length, 1);
        }
    }

    private static string? Decoded(string token)
    {
        if (token.Length % 2 == 0 && token.All(char.IsAsciiHexDigit) && token.Any(char.IsAsciiLetter) && token.Any(char.IsAsciiDigit))
        {
            return Decode(Convert.FromHexString(token));
        }

        var padded = token.Length % 4 == 0 ? token : null;
        var bytes = new byte[token.Length];
        return padded is not null && Convert.TryFromBase64String(padded, bytes, out var written) ? Decode(bytes.AsSpan(0, written)) : null;
    }

    private static string Decode(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
