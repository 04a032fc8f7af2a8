namespace DicomPipeline.Loading;

/// <summary>
/// Files that are never opened: a named pipe, socket or device. Opening a pipe for reading waits for a writer, forever
/// and deaf to cancellation, so one in an input folder would hang a run. .NET does not say a file's type, but none of
/// these has a size, and an empty file is no DICOM file either, so the size (from the listing's stat) decides.
/// </summary>
internal static class SpecialFiles
{
    public const string Reason = "the file is empty (0 bytes; or a pipe, socket or device): not opened";

    /// <summary>True when <paramref name="file"/> (for a link, its final target) is empty or not a regular file.</summary>
    public static bool IsEmptyOrSpecial(FileSystemInfo file) => file is FileInfo { Length: 0 };

    /// <summary>True when the file at <paramref name="path"/>, following links, can be opened and read to its end.</summary>
    public static bool IsReadable(string path)
    {
        var file = new FileInfo(path);
        return !IsEmptyOrSpecial(file)
            && !(file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is { } target && IsEmptyOrSpecial(target));
    }
}
