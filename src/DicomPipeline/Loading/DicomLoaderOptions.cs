using DicomPipeline.Dicom;

namespace DicomPipeline.Loading;

/// <summary>How an <see cref="IDicomLoader"/> reads the files it finds.</summary>
public sealed class DicomLoaderOptions
{
    /// <summary>
    /// Read only the header: stop before Pixel Data (7FE0,0010). Off by default, in which case files are read with
    /// <see cref="DicomReadOptions.Default"/>, so large values such as pixel data stay in the source file as a region
    /// and are copied from there when written. For listing and grouping only: the pipeline stores whole instances, so it
    /// refuses a loader with this on (a header-only instance would be stored without its pixel data).
    /// </summary>
    public bool HeaderOnly { get; set; }

    /// <summary>
    /// Keep the walk inside the input folder even when the tree is changed while it is read, for folders other users can
    /// write to. Off by default. When on, the input folder must be given by its real path (one that is, or lies below, a
    /// symbolic link is refused as a whole, so a folder swapped for a link after a caller checked it reads nothing); each
    /// folder's real path is resolved again just before it is listed, and each file's real path is taken from the handle
    /// opened for it; a folder or file that leads outside is skipped with the reason, never read. Each file is then read
    /// whole from that handle, pixel data included, instead of being opened again by path when written, so a file in
    /// flight holds its size in memory.
    /// </summary>
    public bool ConfineToFolder { get; set; }

    /// <summary>
    /// The path check behind <see cref="ConfineToFolder"/>, for a caller that vets a folder before it hands it to a loader
    /// (say, a folder named in a web form against the folders that may be read): whether <paramref name="path"/>, by its
    /// real path, is <paramref name="folder"/> or lies inside it. Both are resolved the same way: made absolute, <c>.</c>
    /// and <c>..</c> removed, and every symbolic link along them replaced by its target, component by component
    /// (components that do not exist are kept as they are). Names are compared ordinally. A check made now can be
    /// outdated by the time the folder is read: have the loader confine the walk as well.
    /// </summary>
    /// <param name="path">The path to check: absolute.</param>
    /// <param name="folder">The folder it must be, or lie inside: absolute.</param>
    /// <param name="realPath">
    /// The real path of <paramref name="path"/>, also when it lies outside; empty when it cannot be resolved (a loop of
    /// symbolic links, or a folder on the way that cannot be read).
    /// </param>
    /// <returns>True when the real path of <paramref name="path"/> is that of <paramref name="folder"/> or inside it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="folder"/> is empty, not absolute, or holds a NUL.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="folder"/> is null.</exception>
    public static bool IsInsideFolder(string path, string folder, out string realPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The path must be absolute and hold no NUL.", nameof(path));
        }

        if (!Path.IsPathFullyQualified(folder) || folder.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The folder must be absolute and hold no NUL.", nameof(folder));
        }

        return FolderConfinement.IsInside(path, folder, out realPath);
    }
}
