namespace DicomPipeline.Loading;

/// <summary>
/// Keeps a folder walk inside its input folder when the tree changes while it is read (<see cref="DicomLoaderOptions.ConfineToFolder"/>):
/// a folder's real path is resolved again just before it is listed, and a file's real path is taken from the handle
/// that was opened (on Linux, <c>/proc/self/fd</c>; elsewhere the path re-resolved just before opening), so a folder or
/// file swapped for a symbolic link after it was listed is refused instead of followed. The file is then read whole
/// from that handle: nothing is opened again by path later, when it might point elsewhere.
/// </summary>
internal sealed class FolderConfinement
{
    /// <summary>More links than this on one path is a loop, as the kernel's own limit (ELOOP) says.</summary>
    private const int MaxLinks = 40;

    private static readonly bool HasProcFd = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd");

    private readonly string _prefix;

    public FolderConfinement(string root)
    {
        Root = root;
        _prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
    }

    /// <summary>The input folder, as given (it must be its own real path).</summary>
    public string Root { get; }

    /// <summary>Null when the input folder is its own real path now; otherwise why nothing is read.</summary>
    public SkippedFile? CheckRoot()
    {
        string real;
        try
        {
            real = RealPath(Root);
        }
        catch (IOException)
        {
            real = string.Empty;
        }

        return string.Equals(real, Root, StringComparison.Ordinal)
            ? null
            : new SkippedFile(Root, "the input folder is a symbolic link or lies below one (it may have been swapped after it was checked): nothing read", null);
    }

    /// <summary>Null when <paramref name="directory"/> is still inside the input folder by its real path; otherwise the skip.</summary>
    public SkippedFile? CheckFolder(string directory)
    {
        try
        {
            if (IsInside(RealPath(directory)))
            {
                return null;
            }
        }
        catch (IOException)
        {
            // A loop of links: refused below like any other way out.
        }

        return new SkippedFile(directory, "folder that leads outside the input folder when it was to be listed (replaced by a symbolic link?): not descended", null);
    }

    /// <summary>Reads the file at <paramref name="path"/> if, once opened, it is inside the input folder; otherwise skips it.</summary>
    public LoadedInstance? ReadConfined(string path, Dicom.DicomReadOptions readOptions, CancellationToken cancellationToken, out Exception? openFailure)
    {
        openFailure = null;
        FileStream stream;
        string real;
        try
        {
            real = HasProcFd ? string.Empty : RealPath(path);
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            openFailure = ex;
            return null;
        }

        using (stream)
        {
            if (HasProcFd)
            {
                // The path of what was opened, which no later swap can change.
                real = new FileInfo("/proc/self/fd/" + stream.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget ?? string.Empty;
            }

            if (!IsInside(real))
            {
                return LoadedInstance.Skipped(new SkippedFile(path, "file that leads outside the input folder when it was opened (replaced by a symbolic link?): not read", null));
            }

            return LoadedInstance.Loaded(path, Dicom.DicomFile.Read(stream, readOptions, cancellationToken));
        }
    }

    /// <summary>
    /// Whether the real path of <paramref name="path"/> is that of <paramref name="folder"/> or inside it;
    /// <paramref name="realPath"/> is empty when either cannot be resolved.
    /// </summary>
    internal static bool IsInside(string path, string folder, out string realPath)
    {
        realPath = string.Empty;
        string realFolder;
        try
        {
            realPath = RealPath(path);
            realFolder = RealPath(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return new FolderConfinement(realFolder).IsInside(realPath);
    }

    private bool IsInside(string realPath) =>
        realPath.StartsWith(_prefix, StringComparison.Ordinal) || string.Equals(realPath, Root, StringComparison.Ordinal);

    /// <summary>
    /// The path with every symbolic link along it replaced by its target, component by component (a target may itself
    /// hold links); components that do not exist are kept as they are.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Split(full).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("Too many levels of symbolic links.");
            }

            // A relative target is relative to the link's folder, which is already real.
            var targetFull = Path.GetFullPath(target, current);
            foreach (var component in Split(targetFull).Reverse())
            {
                pending.Push(component);
            }

            current = Path.GetPathRoot(targetFull)!;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private static string[] Split(string fullPath) =>
        fullPath[(Path.GetPathRoot(fullPath)?.Length ?? 0)..]
            .Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
