using DicomPipeline.Dicom;

namespace DicomPipeline.Storage;

/// <summary>
/// Writes a whole file under a temporary name and renames it into place, so a reader (or a killed run) never sees half
/// of it. Temporary names end with <see cref="PartialSuffix"/>; the store removes leftovers when a run starts.
/// </summary>
internal static class AtomicFile
{
    public const string PartialSuffix = AtomicWrite.PartialSuffix;

    public static Task WriteAllBytesAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Writes the file with <paramref name="write"/>, which streams into it (so a large manifest is never whole in
    /// memory), under a temporary name renamed into place when complete (<see cref="AtomicWrite"/>).
    /// </summary>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        AtomicWrite.WriteAsync(
            path,
            bufferSize: 64 * 1024,
            FileOptions.Asynchronous,
            write,
            cancellationToken);

    /// <summary>The cause of a failed write in a few words, without the path (which may hold patient data).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        IOException io when io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        _ => ex.GetType().Name,
    };
}
