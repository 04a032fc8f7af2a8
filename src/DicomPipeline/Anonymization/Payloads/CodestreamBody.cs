using System.Buffers.Binary;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Walks a compressed frame past its main header, still without decoding: JPEG and JPEG-LS scans to EOI, JPEG 2000
/// tile-parts to EOC. Entropy-coded data cannot hold a marker (JPEG stuffs FF 00, JPEG-LS FF 0xxxxxxx, JPEG 2000 never
/// lets FF be followed by 90 or more), so the first marker after the data is the next segment. On the way, the comment
/// segments of JPEG 2000 tile-part headers are blanked in place (length kept, nothing moves), as those of the main
/// header are. What follows the end marker is not the image's, and the caller cuts it.
/// </summary>
internal static class CodestreamBody
{
    /// <summary>
    /// The offset just past the end marker (EOI, EOC), or null when the stream does not reach one the walk can trust
    /// (then nothing is cut). <paramref name="commentsBlanked"/> says whether a tile-part comment was blanked in
    /// <paramref name="stream"/>.
    /// </summary>
    /// <param name="stream">The whole frame.</param>
    /// <param name="headerEnd">Where the main header ended: the first SOS (JPEG, JPEG-LS) or SOT (JPEG 2000).</param>
    /// <param name="jpeg2000">A JPEG 2000 codestream.</param>
    /// <param name="commentsBlanked">Whether a tile-part comment was blanked.</param>
    public static int? End(Span<byte> stream, int headerEnd, bool jpeg2000, out bool commentsBlanked)
    {
        commentsBlanked = false;
        return jpeg2000 ? Jpeg2000End(stream, headerEnd, ref commentsBlanked) : JpegEnd(stream, headerEnd);
    }

    private static int? JpegEnd(ReadOnlySpan<byte> s, int position)
    {
        while (position + 1 < s.Length)
        {
            if (s[position] != 0xFF)
            {
                return null;
            }

            var marker = s[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker == 0xD9)
            {
                return position + 2;
            }

            if (marker is >= 0xD0 and <= 0xD7 || marker == 0x01)
            {
                position += 2;
                continue;
            }

            if (position + 4 > s.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(s[(position + 2)..]);
            if (length < 2)
            {
                return null;
            }

            position += 2 + length;
            if (marker == 0xDA)
            {
                // Entropy-coded data: up to the next byte pair that is a marker (restart markers belong to the scan).
                while (position + 1 < s.Length && !(s[position] == 0xFF && s[position + 1] >= 0xC0 && s[position + 1] is not (>= 0xD0 and <= 0xD7) and not 0xFF))
                {
                    position++;
                }
            }
        }

        return null;
    }

    private static int? Jpeg2000End(Span<byte> s, int position, ref bool commentsBlanked)
    {
        while (position + 1 < s.Length)
        {
            if (s[position] != 0xFF)
            {
                return null;
            }

            var marker = s[position + 1];
            if (marker == 0xD9)
            {
                return position + 2;
            }

            if (marker != 0x90)
            {
                return null;
            }

            // A tile-part: SOT, its header's segments up to SOD, then its data.
            while (true)
            {
                if (position + 4 > s.Length || s[position] != 0xFF)
                {
                    return null;
                }

                marker = s[position + 1];
                if (marker == 0x93)
                {
                    position += 2;
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(s[(position + 2)..]);
                var end = position + 2 + length;
                if (length < 2 || end > s.Length)
                {
                    return null;
                }

                if (marker == 0x64 && length > 4)
                {
                    // COM in a tile-part header: Rcom stays, the text becomes spaces.
                    s[(position + 6)..end].Fill((byte)' ');
                    commentsBlanked = true;
                }

                position = end;
            }

            // Packet data: in-stream SOP segments and EPH markers are skipped; SOT or EOC ends it.
            while (position + 1 < s.Length)
            {
                if (s[position] == 0xFF && s[position + 1] >= 0x90)
                {
                    if (s[position + 1] == 0x91 && position + 4 <= s.Length)
                    {
                        position += 2 + BinaryPrimitives.ReadUInt16BigEndian(s[(position + 2)..]);
                        continue;
                    }

                    if (s[position + 1] == 0x92)
                    {
                        position += 2;
                        continue;
                    }

                    break;
                }

                position++;
            }
        }

        return null;
    }
}
