using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Receiving;

/// <summary>
/// One instance being received: a temporary file that gets the Part 10 header (preamble, DICM, file meta) and then the
/// data set's bytes as they arrive. <see cref="Commit"/> flushes it to disk and moves it into the spool;
/// <see cref="Dispose"/> without a commit deletes it, so an aborted transfer leaves nothing.
/// </summary>
/// <remarks>
/// The writes are synchronous on purpose: .NET on Linux and macOS runs an "asynchronous" file write as the same blocking
/// call on a thread-pool thread, so each PDV cost a thread hop and a wake-up (the receive benchmark's profile showed the
/// pool's spinning and switches beside the copies). A write into the page cache is short; the fsync, the one slow call,
/// was synchronous already.
/// </remarks>
internal sealed class SpoolWrite : IDisposable
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    private readonly DicomSpool _spool;
    private readonly string _temp;
    private readonly string _sopInstanceUid;
    private FileStream? _stream;

    internal SpoolWrite(DicomSpool spool, string temp, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string callingAeTitle)
    {
        _spool = spool;
        _temp = temp;
        _sopInstanceUid = sopInstanceUid;
        _stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            Options = FileOptions.None,
        });
        try
        {
            _stream.Write(FileMeta(sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Appends data set bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => _stream!.Write(bytes);

    /// <summary>
    /// Flushes the file to disk, reads its Study Instance UID back through the same handle (the header only) and moves
    /// it into the spool; returns the study's key.
    /// </summary>
    /// <exception cref="IOException">The disk is full or failing.</exception>
    /// <exception cref="DicomFormatException">The data set cannot be read.</exception>
    public string Commit(CancellationToken cancellationToken)
    {
        var stream = _stream!;
        stream.Flush(flushToDisk: true);
        stream.Position = 0;
        var file = DicomReader.Read(stream, _temp, HeaderOnly, cancellationToken);
        stream.Dispose();
        _stream = null;
        var study = file.Dataset.GetString(DicomTag.StudyInstanceUID) ?? string.Empty;
        return _spool.Commit(_temp, study, _sopInstanceUid);
    }

    public void Dispose()
    {
        try
        {
            // Closing flushes what is buffered; on a full disk that throws again. The file is being dropped anyway.
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // The handle is closed all the same; the partial file is deleted below.
        }

        _stream = null;
        try
        {
            File.Delete(_temp);
        }
        catch (IOException)
        {
            // A leftover is swept when the spool next opens.
        }
    }

    /// <summary>Preamble, DICM and group 0002 in Explicit VR Little Endian (PS3.10 section 7.1).</summary>
    private static byte[] FileMeta(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string callingAeTitle)
    {
        using var elements = new MemoryStream();
        Element(elements, 0x0001, "OB", [0, 1]);
        Element(elements, 0x0002, "UI", Uid(sopClassUid));
        Element(elements, 0x0003, "UI", Uid(sopInstanceUid));
        Element(elements, 0x0010, "UI", Uid(transferSyntaxUid));
        Element(elements, 0x0012, "UI", Uid(DicomImplementation.ClassUid));
        Element(elements, 0x0013, "SH", Text(DicomImplementation.VersionName));
        if (callingAeTitle.Length > 0)
        {
            Element(elements, 0x0016, "AE", Text(callingAeTitle));
        }

        using var meta = new MemoryStream();
        meta.Write(new byte[128]);
        meta.Write("DICM"u8);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)elements.Length);
        Element(meta, 0x0000, "UL", length);
        elements.Position = 0;
        elements.CopyTo(meta);
        return meta.ToArray();
    }

    private static void Element(Stream stream, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr == "OB")
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            stream.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            stream.Write(header[..8]);
        }

        stream.Write(value);
    }

    private static byte[] Uid(string uid)
    {
        var bytes = new byte[uid.Length + (uid.Length & 1)];
        Encoding.ASCII.GetBytes(uid, bytes);
        return bytes;
    }

    private static byte[] Text(string text)
    {
        var padded = (text.Length & 1) == 1 ? text + " " : text;
        return Encoding.ASCII.GetBytes(padded);
    }
}
