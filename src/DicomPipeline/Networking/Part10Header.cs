using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Networking;

/// <summary>
/// What a sender needs from a Part 10 file without reading its dataset: the SOP class and instance from the file meta
/// information, the dataset's transfer syntax, and where the dataset starts, so that it can be streamed as it is.
/// </summary>
internal sealed record Part10Header(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset, long FileLength)
{
    /// <summary>The file meta information is a few hundred bytes; more than this is not a file this library wrote.</summary>
    private const int MaxMetaLength = 64 * 1024;

    /// <summary>Reads the preamble and the group 0002 elements (always Explicit VR Little Endian, PS3.10 section 7.1).</summary>
    /// <exception cref="InvalidDataException">The file has no usable file meta information; the message says what is missing.</exception>
    public static async Task<Part10Header> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            var buffer = new byte[(int)Math.Min(length, 132 + MaxMetaLength)];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return Parse(buffer.AsSpan(0, read), length);
        }
    }

    internal static Part10Header Parse(ReadOnlySpan<byte> bytes, long fileLength)
    {
        if (bytes.Length < 132 || !bytes.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException("not a DICOM Part 10 file (no preamble and DICM prefix)");
        }

        string? sopClass = null, sopInstance = null, syntax = null;
        var offset = 132;
        while (offset + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 2)..]);
            var vr = bytes.Slice(offset + 4, 2);
            int header;
            long valueLength;
            if (IsLongVR(vr))
            {
                if (offset + 12 > bytes.Length)
                {
                    break;
                }

                header = 12;
                valueLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 8)..]);
            }
            else
            {
                header = 8;
                valueLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 6)..]);
            }

            if (offset + header + valueLength > bytes.Length)
            {
                throw new InvalidDataException("the file meta information is cut short or too long");
            }

            var value = bytes.Slice(offset + header, (int)valueLength);
            switch (element)
            {
                case 0x0002:
                    sopClass = Text(value);
                    break;
                case 0x0003:
                    sopInstance = Text(value);
                    break;
                case 0x0010:
                    syntax = Text(value);
                    break;
                default:
                    break;
            }

            offset += header + (int)valueLength;
        }

        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || string.IsNullOrEmpty(syntax))
        {
            throw new InvalidDataException("the file meta information lacks the SOP class, SOP instance or transfer syntax UID");
        }

        return new Part10Header(sopClass, sopInstance, syntax, offset, fileLength);
    }

    private static bool IsLongVR(ReadOnlySpan<byte> vr) =>
        vr.SequenceEqual("OB"u8) || vr.SequenceEqual("OW"u8) || vr.SequenceEqual("OF"u8) || vr.SequenceEqual("SQ"u8)
        || vr.SequenceEqual("UT"u8) || vr.SequenceEqual("UN"u8) || vr.SequenceEqual("UC"u8) || vr.SequenceEqual("UR"u8)
        || vr.SequenceEqual("OD"u8) || vr.SequenceEqual("OL"u8) || vr.SequenceEqual("OV"u8) || vr.SequenceEqual("SV"u8)
        || vr.SequenceEqual("UV"u8);

    private static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}
