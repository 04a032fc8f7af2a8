namespace DicomPipeline.Dicom;

/// <summary>
/// The one rule for writing a file so that nobody (a reader, a killed run) sees half of it: write under a temporary
/// name beside it, ending in <see cref="PartialSuffix"/>, and rename it into place when complete; on failure the
/// temporary file is removed. <see cref="DicomFile.SaveAsync"/> and the store's own files (manifest, report, audit) use
/// it; the store sweeps leftovers by the suffix. It lives here, the lowest layer, so that both can.
/// </summary>
internal static class AtomicWrite
{
    public const string PartialSuffix = ".partial";

    /// <summary>A temporary name beside <paramref name="path"/>, unique to this write.</summary>
    public static string TemporaryPathFor(string path) => path + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix;

    /// <summary>
    /// Creates the temporary file (with <paramref name="bufferSize"/> and <paramref name="fileOptions"/>), lets
    /// <paramref name="write"/> fill it, renames it into place.
    /// </summary>
    public static async Task WriteAsync(string path, int bufferSize, FileOptions fileOptions, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = TemporaryPathFor(path);
        try
        {
            var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = bufferSize,
                Options = fileOptions,
            });
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
