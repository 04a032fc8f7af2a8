using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Bytes searched as the text they may be (files lie about their character set; binary values hide text): folded as
/// UTF-8, or as Latin-1 and UTF-16 in both byte orders, through pooled buffers rather than strings.
/// </summary>
internal static class EncodedText
{
    /// <summary>The shortest match counted in bytes read as text: random samples spell short words and numbers by chance.</summary>
    public const int MinimumBinaryMatch = 6;

    /// <summary>Folds bytes read as UTF-8 (a value whose declared character set may lie) without making a string.</summary>
    public static FoldedText FoldUtf8(FoldedText folded, ReadOnlySpan<byte> bytes)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(bytes, chars);
            return folded.Fold(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Whether bytes read as Latin-1, UTF-8, UTF-16LE or UTF-16BE (both alignments) hold a needle of six characters or more.</summary>
    public static bool HoldsNeedle(IdentifierNeedles needles, FoldedText folded, ReadOnlySpan<byte> bytes)
    {
        // Latin-1 (ASCII included) is folded straight from the bytes.
        if (needles.FindIn(folded.FoldLatin1(bytes), null, minimumLength: MinimumBinaryMatch)
            || (!Ascii.IsValid(bytes) && needles.FindIn(FoldUtf8(folded, bytes), null, minimumLength: MinimumBinaryMatch)))
        {
            return true;
        }

        // UTF-16 text, in both byte orders and at both alignments (an odd offset inside an OB is possible). A lone
        // surrogate folds as a separator, as the replacement character a decoder would make of it does.
        var units = ArrayPool<char>.Shared.Rent(bytes.Length / 2 + 1);
        try
        {
            for (var offset = 0; offset < 2 && offset < bytes.Length; offset++)
            {
                var even = bytes[offset..];
                even = even[..(even.Length & ~1)];
                var count = even.Length / 2;
                var chars = units.AsSpan(0, count);
                var words = MemoryMarshal.Cast<byte, ushort>(even);
                var target = MemoryMarshal.Cast<char, ushort>(chars);
                if (BitConverter.IsLittleEndian)
                {
                    words.CopyTo(target);
                }
                else
                {
                    BinaryPrimitives.ReverseEndianness(words, target);
                }

                if (needles.FindIn(folded.Fold(chars), null, minimumLength: MinimumBinaryMatch))
                {
                    return true;
                }

                BinaryPrimitives.ReverseEndianness(target, target);
                if (needles.FindIn(folded.Fold(chars), null, minimumLength: MinimumBinaryMatch))
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(units);
        }

        return false;
    }
}
