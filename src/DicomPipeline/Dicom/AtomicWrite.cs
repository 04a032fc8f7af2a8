namespace DicomPipeline.Dicom;

/// <summary>
/// The one rule for writing a file so that nobody (a reader, a killed run) sees half of it: write under a temporary
/// name beside it, ending in <see cref="PartialSuffix"/>, and rename it into place when complete; on failure the
/// temporary file is removed. <see cref="DicomFile.SaveAsync"/> and the store's own files (manifest, report, audit) use
/// it; the store sweeps leftovers by the suffix. It lives here, the lowest layer, so that both can.
/// </summary>
internal static partial class AtomicWrite
{
    public const string PartialSuffix = ".partial";

    /// <summary>A temporary name beside <paramref name="path"/>, unique to this write.</summary>
    /// <remarks>
    /// 32 random bits, as before, but from <see cref="Random.Shared"/> (seeded once per process) rather than a new GUID,
    /// which reads the kernel's random source for every file. The name only has to differ from another writer's at the
    /// same moment; the file is created with <see cref="FileMode.CreateNew"/>, so a clash fails rather than overwrites.
    /// </remarks>
    public static string TemporaryPathFor(string path) =>
        string.Concat(path, ".", ((uint)Random.Shared.Next(int.MinValue, int.MaxValue)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), PartialSuffix);

    /// <summary>
    /// Creates the temporary file (with <paramref name="bufferSize"/> and <paramref name="fileOptions"/>), lets
    /// <paramref name="write"/> fill it, renames it into place.
    /// </summary>
    public static async Task WriteAsync(string path, int bufferSize, FileOptions fileOptions, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = TemporaryPathFor(path);

        // Created before the try: when that fails (no such folder, no permission) there is nothing to remove, and the
        // caller sees the failure itself, e.g. DirectoryNotFoundException for a folder it then makes.
        var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = fileOptions,
        });
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
            }

            MoveIntoPlace(temp, path);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Renames the finished temporary file over <paramref name="path"/>. On Linux that is one <c>rename</c> of the two
    /// full paths (File.Move first resolves both again and looks the source up, per file written); elsewhere, or when
    /// the kernel refuses, File.Move, which also says why in .NET's own words.
    /// </summary>
    private static void MoveIntoPlace(string temp, string path)
    {
        if (OperatingSystem.IsLinux() && Path.IsPathFullyQualified(temp) && Path.IsPathFullyQualified(path) && Rename(temp, path) == 0)
        {
            return;
        }

        File.Move(temp, path, overwrite: true);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "rename", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);
}
