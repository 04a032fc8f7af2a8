using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Walks a compressed frame's marker segments up to its first scan (JPEG, JPEG-LS: SOS) or tile-part (JPEG 2000: SOT)
/// without decoding anything, and rewrites that header while the rest is copied as it is: JPEG comments (COM) and
/// application segments (APPn) go, except those a decoder needs (JFIF APP0, Adobe APP14, the ICC profile in APP2, whose
/// texts are rewritten, and the JPEG-LS colour transform in APP8 'mrfx'); JPEG 2000 comments (COM) are blanked in place.
/// The header may run across fragments: the rewritten one becomes the start of the fragment that holds the first scan.
/// Past the header, the frame is walked to its end marker (<see cref="CodestreamBody"/>): JPEG 2000 tile-part comments
/// are blanked too, and bytes after EOI/EOC (other than the one pad byte) are cut; then the frame becomes one fragment.
/// </summary>
internal static class JpegHeaderRewriter
{
    private const int FirstRead = 16 * 1024;
    private const int MaxHeader = 8 << 20;

    /// <summary>Frames larger than this are not walked past their header (bounded memory).</summary>
    private const int MaxFrame = 64 << 20;

    public enum Outcome
    {
        Unchanged,
        Rewritten,

        /// <summary>Only bytes after the end marker were cut; the header was clean.</summary>
        TrailingCut,
        Unreadable,
    }

    /// <summary>Rewrites the header of the frame made of <paramref name="frame"/>'s fragments.</summary>
    /// <param name="frame">The frame's fragments, in order.</param>
    /// <param name="reader">Reads the fragments.</param>
    /// <param name="jpeg2000">A JPEG 2000 codestream rather than a JPEG or JPEG-LS stream.</param>
    /// <param name="rewritten">The frame's new fragments when the outcome is <see cref="Outcome.Rewritten"/>.</param>
    /// <param name="trailingCut">Whether bytes after the end marker were cut.</param>
    public static Outcome Rewrite(
        IReadOnlyList<DicomElement> frame, FragmentReader reader, bool jpeg2000, out IReadOnlyList<DicomElement> rewritten, out bool trailingCut)
    {
        rewritten = frame;
        trailingCut = false;
        var stream = new FrameBytes(frame, reader);
        var buffer = stream.ReadPrefix(FirstRead);
        if (buffer.Length < 4 || buffer[0] != 0xFF || buffer[1] != (jpeg2000 ? 0x4F : 0xD8))
        {
            return Outcome.Unreadable;
        }

        var kept = new List<(int Start, int End)>();
        var iccSegments = new List<(int Start, int End)>();
        var changed = false;
        var position = 2;
        int headerEnd;
        while (true)
        {
            if (!stream.Ensure(ref buffer, position + 4, MaxHeader) || buffer[position] != 0xFF)
            {
                return Outcome.Unreadable;
            }

            var marker = buffer[position + 1];
            if (marker == 0xFF)
            {
                // A fill byte (T.81 B.1.1.2): dropped, the marker follows.
                position++;
                changed |= !jpeg2000;
                continue;
            }

            if (jpeg2000 ? marker == 0x90 : marker == 0xDA)
            {
                headerEnd = position;
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(position + 2));
            var end = position + 2 + length;
            if (length < 2 || !stream.Ensure(ref buffer, end, MaxHeader))
            {
                return Outcome.Unreadable;
            }

            var payload = buffer.AsSpan(position + 4, length - 2);
            if (jpeg2000)
            {
                if (marker == 0x64 && payload.Length > 2)
                {
                    // COM: Rcom (2 bytes), then the comment, blanked to spaces; the length stays, so nothing moves.
                    payload[2..].Fill((byte)' ');
                    changed = true;
                }

                kept.Add((position, end));
            }
            else if (marker == 0xFE || (marker is >= 0xE0 and <= 0xEF && !IsNeeded(marker, payload)))
            {
                changed = true;
            }
            else
            {
                kept.Add((position, end));
                if (marker == 0xE2)
                {
                    iccSegments.Add((position + 4 + 14, end));
                }
            }

            position = end;
        }

        if (iccSegments.Count > 0)
        {
            // Rewritten in place when it is a profile, dropped when not: either way the header changes.
            RewriteIcc(buffer, iccSegments, kept);
            changed = true;
        }

        // The rest of the frame, when it fits: comments in tile-part headers, and bytes after the end marker.
        var headerCleaned = changed;
        var bodyEnd = -1;
        if (stream.Total <= MaxFrame && stream.Ensure(ref buffer, (int)stream.Total, MaxFrame)
            && CodestreamBody.End(buffer.AsSpan(0, (int)stream.Total), headerEnd, jpeg2000, out var blanked) is { } streamEnd)
        {
            var after = (int)stream.Total - streamEnd;
            trailingCut = after > 1 || (after == 1 && buffer[streamEnd] != 0);
            headerCleaned |= blanked;
            if (blanked || trailingCut)
            {
                bodyEnd = trailingCut ? streamEnd : (int)stream.Total;
                changed = true;
            }
        }

        if (!changed)
        {
            return Outcome.Unchanged;
        }

        var head = new List<byte>(headerEnd + 1) { buffer[0], buffer[1] };
        foreach (var (start, end) in kept)
        {
            head.AddRange(buffer.AsSpan(start, end - start));
        }

        rewritten = bodyEnd < 0 ? stream.Replace(head, headerEnd) : [Whole(frame[0], head, buffer.AsSpan(headerEnd, bodyEnd - headerEnd), trailingCut)];
        return headerCleaned ? Outcome.Rewritten : Outcome.TrailingCut;
    }

    /// <summary>The frame as one fragment: the rewritten header, then the body up to where it ends, kept even.</summary>
    private static DicomElement Whole(DicomElement first, List<byte> head, ReadOnlySpan<byte> body, bool cut)
    {
        if (((head.Count + body.Length) & 1) == 1 && !cut)
        {
            // A fill byte before the first scan or tile-part (T.81 B.1.1.2), as when only the header shrinks.
            head.Add(0xFF);
        }

        var bytes = new byte[(head.Count + body.Length + 1) & ~1];
        head.CopyTo(bytes);
        body.CopyTo(bytes.AsSpan(head.Count));

        // After a cut, an odd stream ends with the one pad byte PS3.5 A.4 allows after the end marker (zero).
        return new DicomElement(first.Tag, first.VR, bytes);
    }

    /// <summary>The application segments a decoder may need to show the image as it was.</summary>
    private static bool IsNeeded(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        0xE0 => payload.StartsWith("JFIF\0"u8),
        0xE2 => payload.StartsWith("ICC_PROFILE\0"u8) && payload.Length > 14,
        0xE8 => payload.StartsWith("mrfx"u8),
        0xEE => payload.StartsWith("Adobe"u8),
        _ => false,
    };

    /// <summary>
    /// The ICC profile split over APP2 segments (ICC.1 B.4: sequence number, count, then the chunk): joined in order,
    /// rewritten by <see cref="IccProfile"/>, written back in the same places. When it is not a profile, its segments
    /// are dropped from <paramref name="kept"/> instead.
    /// </summary>
    private static bool RewriteIcc(byte[] buffer, List<(int Start, int End)> chunks, List<(int Start, int End)> kept)
    {
        var ordered = chunks.OrderBy(c => buffer[c.Start - 2]).ToList();
        var profile = new byte[ordered.Sum(c => c.End - c.Start)];
        var at = 0;
        foreach (var (start, end) in ordered)
        {
            buffer.AsSpan(start, end - start).CopyTo(profile.AsSpan(at));
            at += end - start;
        }

        if (IccProfile.DeclaredLength(profile) is not { } size || !IccProfile.Neutralize(profile))
        {
            kept.RemoveAll(k => chunks.Any(c => c.Start - 18 == k.Start));
            return false;
        }

        profile.AsSpan(size).Clear();
        at = 0;
        foreach (var (start, end) in ordered)
        {
            profile.AsSpan(at, end - start).CopyTo(buffer.AsSpan(start));
            at += end - start;
        }

        return true;
    }

    /// <summary>A frame's fragments read as one stream.</summary>
    private sealed class FrameBytes(IReadOnlyList<DicomElement> fragments, FragmentReader reader)
    {
        private readonly long _total = fragments.Sum(f => f.Length);

        /// <summary>The frame's length in bytes.</summary>
        public long Total => _total;

        public byte[] ReadPrefix(int count)
        {
            var buffer = new byte[(int)Math.Min(count, _total)];
            Fill(buffer, 0);
            return buffer;
        }

        /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="needed"/> bytes of the frame.</summary>
        public bool Ensure(ref byte[] buffer, int needed, int max)
        {
            if (needed <= buffer.Length)
            {
                return true;
            }

            if (needed > max || needed > _total)
            {
                return false;
            }

            var bigger = new byte[(int)Math.Min(Math.Max(needed, buffer.Length * 2L), Math.Min(max, _total))];
            buffer.CopyTo(bigger, 0);
            Fill(bigger, buffer.Length);
            buffer = bigger;
            return true;
        }

        /// <summary>The frame's fragments with everything before <paramref name="headerEnd"/> replaced by <paramref name="head"/>.</summary>
        public List<DicomElement> Replace(List<byte> head, int headerEnd)
        {
            long start = 0;
            var index = 0;
            while (start + fragments[index].Length <= headerEnd)
            {
                start += fragments[index].Length;
                index++;
            }

            var fragment = fragments[index];
            var skip = headerEnd - start;
            if (((head.Count + fragment.Length - skip) & 1) == 1)
            {
                // Keep the fragment even so the writer never pads inside a frame: a fill byte before SOS (T.81 B.1.1.2).
                head.Add(0xFF);
            }

            var headBytes = head.ToArray();
            DicomElement first;
            if (fragment.Region is { } region)
            {
                first = new DicomElement(fragment.Tag, fragment.VR, region.WithHead(headBytes, skip));
            }
            else
            {
                var rest = fragment.MemoryBytes.Span[(int)skip..];
                var bytes = new byte[headBytes.Length + rest.Length];
                headBytes.CopyTo(bytes, 0);
                rest.CopyTo(bytes.AsSpan(headBytes.Length));
                first = new DicomElement(fragment.Tag, fragment.VR, bytes);
            }

            var result = new List<DicomElement>(fragments.Count - index) { first };
            for (var i = index + 1; i < fragments.Count; i++)
            {
                result.Add(fragments[i]);
            }

            return result;
        }

        private void Fill(byte[] buffer, int from)
        {
            long start = 0;
            foreach (var fragment in fragments)
            {
                var end = start + fragment.Length;
                if (end > from && start < buffer.Length)
                {
                    var offset = Math.Max(0, from - start);
                    var target = buffer.AsSpan((int)(start + offset), (int)Math.Min(fragment.Length - offset, buffer.Length - (start + offset)));
                    reader.Read(fragment, offset, target);
                }

                start = end;
                if (start >= buffer.Length)
                {
                    break;
                }
            }
        }
    }
}
