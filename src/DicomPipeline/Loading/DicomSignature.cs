using System.Buffers.Binary;

namespace DicomPipeline.Loading;

/// <summary>
/// Whether a file that could not be read claims to be DICOM, which decides between a failure (a damaged DICOM file) and
/// a file that is simply something else (a README, a thumbnail). The claim is the one the reader itself accepts: "DICM"
/// after the 128-byte preamble or at the start, or, for a bare dataset (PS3.10 allows none in a Part 10 file, but
/// implicit VR exports exist), a first element in group 0002, 0008, 0010, 0018, 0020 or 0028
/// (or a group-length element in explicit VR).
/// </summary>
internal static class DicomSignature
{
    private const int PreambleLength = 128;

    /// <summary>True when the first bytes of the file at <paramref name="path"/> claim DICOM; false when they do not or cannot be read.</summary>
    public static bool Claims(string path)
    {
        Span<byte> head = stackalloc byte[PreambleLength + 4];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: count it as a claim, so that a file that may be DICOM is never waved through as "not DICOM".
            return true;
        }

        return Claims(head[..read]);
    }

    /// <summary>True when <paramref name="head"/>, the first (up to) 132 bytes of a file, claim DICOM.</summary>
    public static bool Claims(ReadOnlySpan<byte> head)
    {
        if ((head.Length >= PreambleLength + 4 && head.Slice(PreambleLength, 4).SequenceEqual("DICM"u8))
            || head.StartsWith("DICM"u8))
        {
            return true;
        }

        if (head.Length < 8)
        {
            return false;
        }

        var littleEndian = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var bigEndian = BinaryPrimitives.ReadUInt16BigEndian(head);
        var explicitVR = Dicom.DicomVR.TryParse(head[4], head[5], out _);
        return IsFirstGroup(littleEndian) || (explicitVR && (IsFirstGroup(bigEndian) || littleEndian == 0x0000));
    }

    private static bool IsFirstGroup(ushort group) => group is 0x0002 or 0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028;
}
