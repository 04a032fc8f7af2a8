using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Rewrites an ICC profile (ICC.1:2010 / v2 ICC.1:2001-04) in place so that no text of the source survives, keeping
/// its length and its colour data: every text element ('text', 'desc', 'mluc', ASCII 'data') gets a neutral text, any
/// element of a type not known to hold only numbers is zeroed, and so are the bytes no tag points at and the profile ID
/// (an MD5 of the old content). The header's signatures and date stay: they are four-character codes and numbers.
/// </summary>
internal static class IccProfile
{
    private const int HeaderLength = 128;
    private const string NeutralText = "de-identified";

    /// <summary>Element types whose content is numbers and signatures only (ICC.1:2010 clause 10, v2 types, vcgt/mmod).</summary>
    private static readonly HashSet<uint> NumericTypes =
    [
        Signature("XYZ "), Signature("curv"), Signature("para"), Signature("mft1"), Signature("mft2"), Signature("mAB "),
        Signature("mBA "), Signature("sf32"), Signature("uf32"), Signature("ui08"), Signature("ui16"), Signature("ui32"),
        Signature("ui64"), Signature("chrm"), Signature("clro"), Signature("sig "), Signature("view"), Signature("meas"),
        Signature("dtim"), Signature("mpet"), Signature("vcgt"), Signature("mmod"), Signature("cicp"),
    ];

    /// <summary>
    /// The profile's own length (its header's size field), or null when <paramref name="profile"/> is not a profile:
    /// too short, no 'acsp', a size larger than the value, or a tag table that points outside it.
    /// </summary>
    public static int? DeclaredLength(ReadOnlySpan<byte> profile)
    {
        if (profile.Length < HeaderLength + 4 || BinaryPrimitives.ReadUInt32BigEndian(profile[36..]) != Signature("acsp"))
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(profile);
        var count = BinaryPrimitives.ReadUInt32BigEndian(profile[HeaderLength..]);
        if (size < HeaderLength + 4 || size > profile.Length || count > (size - HeaderLength - 4) / 12)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            var entry = profile[(HeaderLength + 4 + (i * 12))..];
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if (offset < HeaderLength + 4 + (count * 12) || (ulong)offset + length > size)
            {
                return null;
            }
        }

        return (int)size;
    }

    /// <summary>
    /// Rewrites the first <see cref="DeclaredLength"/> bytes of <paramref name="profile"/> in place.
    /// </summary>
    /// <returns>False when it is not a profile (nothing is changed then).</returns>
    public static bool Neutralize(Span<byte> profile)
    {
        if (DeclaredLength(profile) is not { } size)
        {
            return false;
        }

        profile = profile[..size];
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(profile[HeaderLength..]);
        var tableEnd = HeaderLength + 4 + (count * 12);
        var covered = new bool[size];
        covered.AsSpan(0, tableEnd).Fill(true);
        for (var i = 0; i < count; i++)
        {
            var entry = profile[(HeaderLength + 4 + (i * 12))..];
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            covered.AsSpan(offset, length).Fill(true);
            RewriteElement(profile.Slice(offset, length));
        }

        // Bytes between and after the elements belong to no tag: nothing may be left there.
        for (var i = tableEnd; i < size; i++)
        {
            if (!covered[i])
            {
                profile[i] = 0;
            }
        }

        // Profile ID (ICC.1:2010 7.2.18): all zero means "not computed", which is what it is after the rewrite.
        profile.Slice(84, 16).Clear();
        return true;
    }

    private static void RewriteElement(Span<byte> element)
    {
        if (element.Length < 8)
        {
            element.Clear();
            return;
        }

        var type = BinaryPrimitives.ReadUInt32BigEndian(element);
        var body = element[8..];
        if (type == Signature("text"))
        {
            WriteAscii(body);
        }
        else if (type == Signature("desc"))
        {
            // textDescriptionType (v2): ASCII count and text, Unicode language/count/text, ScriptCode code/count/67 bytes.
            body.Clear();
            var room = body.Length - 4 - 8 - 3 - 67;
            if (room > 1)
            {
                var text = NeutralText.Length < room ? NeutralText : NeutralText[..(room - 1)];
                BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(text.Length + 1));
                Encoding.ASCII.GetBytes(text, body[4..]);
            }
        }
        else if (type == Signature("mluc"))
        {
            RewriteMultiLocalized(element);
        }
        else if (type == Signature("data") && body.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(body) == 0)
        {
            WriteAscii(body[4..]);
        }
        else if (!NumericTypes.Contains(type))
        {
            // Unknown, private, binary 'data', colorant and named-colour names: nothing here is needed to render.
            body.Clear();
        }
    }

    /// <summary>multiLocalizedUnicodeType: each record's UTF-16BE string becomes the neutral text padded with spaces.</summary>
    private static void RewriteMultiLocalized(Span<byte> element)
    {
        if (element.Length < 16)
        {
            element[8..].Clear();
            return;
        }

        var records = BinaryPrimitives.ReadUInt32BigEndian(element[8..]);
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(element[12..]);
        if (recordSize < 12 || records > (uint)(element.Length - 16) / recordSize)
        {
            element[8..].Clear();
            return;
        }

        var spans = new List<(int Offset, int Length)>();
        for (var i = 0; i < records; i++)
        {
            var record = element[(16 + (i * (int)recordSize))..];
            var length = BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            if ((ulong)offset + length > (ulong)element.Length || offset < 16)
            {
                element[8..].Clear();
                return;
            }

            spans.Add(((int)offset, (int)length));
        }

        var stringsStart = 16 + ((int)records * (int)recordSize);
        var covered = new bool[element.Length];
        covered.AsSpan(0, stringsStart).Fill(true);
        foreach (var (offset, length) in spans)
        {
            var target = element.Slice(offset, length);
            covered.AsSpan(offset, length).Fill(true);
            for (var c = 0; c + 1 < target.Length; c += 2)
            {
                var index = c / 2;
                var ch = index < NeutralText.Length ? NeutralText[index] : ' ';
                BinaryPrimitives.WriteUInt16BigEndian(target[c..], ch);
            }

            if ((target.Length & 1) == 1)
            {
                target[^1] = 0;
            }
        }

        for (var i = stringsStart; i < element.Length; i++)
        {
            if (!covered[i])
            {
                element[i] = 0;
            }
        }
    }

    /// <summary>The neutral text, NUL-terminated and NUL-padded, in as much of <paramref name="target"/> as it fits.</summary>
    private static void WriteAscii(Span<byte> target)
    {
        target.Clear();
        var count = Math.Min(NeutralText.Length, Math.Max(0, target.Length - 1));
        Encoding.ASCII.GetBytes(NeutralText.AsSpan(0, count), target);
    }

    private static uint Signature(string code) =>
        code.Length == 4 ? (uint)((code[0] << 24) | (code[1] << 16) | (code[2] << 8) | code[3]) : 0;
}
