using DicomPipeline.Dicom;

namespace DicomPipeline.Fuzz;

/// <summary>
/// The fuzzed code: the reader on arbitrary bytes, then the writer on what it returned. Only
/// <see cref="DicomFormatException"/> is an acceptable failure; anything else escapes and is a crash.
/// </summary>
internal static class ReaderTarget
{
    public static void Run(ReadOnlySpan<byte> data) => Run(new MemoryStream(data.ToArray(), writable: false));

    public static void Run(Stream stream)
    {
        DicomFile file;
        try
        {
            // ReadAsync completes synchronously (parsing is synchronous work over a buffered source).
            file = DicomFile.ReadAsync(stream).GetAwaiter().GetResult();
        }
        catch (DicomFormatException ex) when (ex.Offset >= 0)
        {
            return;
        }

        try
        {
            file.WriteAsync(Stream.Null).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException) when (!DicomTransferSyntax.IsKnown(file.TransferSyntax.Uid))
        {
            // An unknown (so encapsulated) syntax over native pixel data: refusing to write it is right.
        }
    }

    /// <summary>One input's outcome as a line, for <c>--repro</c>.</summary>
    public static string Describe(byte[] data)
    {
        try
        {
            Run(new MemoryStream(data, writable: false));
            return "ok (read, or DicomFormatException)";
        }
#pragma warning disable CA1031 // Reporting every other exception is the point of --repro.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return "CRASH " + ex;
        }
    }
}
