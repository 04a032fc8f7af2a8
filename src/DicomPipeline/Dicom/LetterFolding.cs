using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>
/// A letter's compatibility decomposition without its combining marks (Ü to U, é to e, Ａ to A, ﬁ to fi), read from a
/// generated table rather than from <see cref="string.Normalize(NormalizationForm)"/>: without ICU (invariant
/// globalization, which the native console runs with) .NET leaves non-ASCII text as it is, and the sweep and the
/// verifier would then not see that "Müller" and "MULLER" are one name.
/// </summary>
internal static partial class LetterFolding
{
    /// <summary>
    /// What <paramref name="c"/> decomposes to without its marks, or <paramref name="c"/> itself when it has no
    /// decomposition (ASCII, most scripts, Hangul syllables). Looks through the table: callers cache the result.
    /// </summary>
    public static string Decompose(char c)
    {
        if (c < 0x80 || char.IsSurrogate(c))
        {
            return c.ToString();
        }

        Span<byte> key = stackalloc byte[5];
        key[0] = (byte)'\n';
        var length = 1 + Encoding.UTF8.GetBytes([c], key[1..]);
        key[length++] = (byte)'\t';

        var table = GeneratedDecompositions;
        var at = table.IndexOf(key[..length]);
        if (at < 0)
        {
            return c.ToString();
        }

        var rest = table[(at + length)..];
        var end = rest.IndexOf((byte)'\n');
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>How many letters have a decomposition (for tests).</summary>
    internal static int Count => GeneratedCount;
}
