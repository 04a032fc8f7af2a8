namespace DicomPipeline.Storage;

/// <summary>
/// Writes a whole file under a temporary name and renames it into place, so a reader (or a killed run) never sees half
/// of it. Temporary names end with <see cref="PartialSuffix"/>; the store removes leftovers when a run starts.
/// </summary>
internal static class AtomicFile
{
    public const string PartialSuffix = ".partial";

    /// <summary>A temporary name beside <paramref name="path"/>, unique to this write.</summary>
    public static string TemporaryPathFor(string path) => path + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix;

    public static async Task WriteAllBytesAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temp = TemporaryPathFor(path);
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The cause of a failed write in a few words, without the path (which may hold patient data).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        IOException io when io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        _ => ex.GetType().Name,
    };
}
