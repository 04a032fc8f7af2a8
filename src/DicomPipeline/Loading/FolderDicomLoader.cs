using System.Runtime.CompilerServices;
using DicomPipeline.Dicom;

namespace DicomPipeline.Loading;

/// <summary>
/// Loads the DICOM instances of a folder tree in the ordinal order of their paths, so the order does not depend on the
/// file system, without collecting the whole tree's paths first; symlinks are followed only when they resolve inside the input folder.
/// </summary>
internal sealed class FolderDicomLoader : IDicomLoader, IFolderWalker
{
    private const string MediaStorageDirectoryStorageUid = "1.2.840.10008.1.3.10";
    private const string DicomDirName = "DICOMDIR";
    private static readonly DicomReadOptions HeaderOnlyOptions = new() { StopBeforePixelData = true };

    private readonly DicomReadOptions _readOptions;
    private readonly bool _confine;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">The options; the defaults when not given.</param>
    public FolderDicomLoader(DicomLoaderOptions? options = null)
    {
        _readOptions = options?.HeaderOnly == true ? HeaderOnlyOptions : DicomReadOptions.Default;
        _confine = options?.ConfineToFolder == true;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var root = CheckRoot(directory);
        return LoadCoreAsync(root, _readOptions, Confinement(root), cancellationToken);
    }

    /// <inheritdoc />
    public FolderWalk Walk(string directory, CancellationToken cancellationToken)
    {
        var root = CheckRoot(directory);
        var confinement = Confinement(root);
        var readOptions = _readOptions;
        return new FolderWalk(Entries(root, confinement, cancellationToken), (path, ct) => Read(path, readOptions, confinement, ct));
    }

    /// <inheritdoc />
    public async Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default)
    {
        var root = CheckRoot(directory);
        var skipped = new List<SkippedFile>();
        var tree = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, List<string>>>>(StringComparer.Ordinal);
        await foreach (var entry in LoadCoreAsync(root, HeaderOnlyOptions, Confinement(root), cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsSkipped)
            {
                skipped.Add(entry.Skip);
                continue;
            }

            var dataset = entry.File.Dataset;
            var studies = GetOrAdd(tree, dataset.GetString(DicomTag.PatientID) ?? string.Empty);
            var series = GetOrAdd(studies, dataset.GetString(DicomTag.StudyInstanceUID) ?? string.Empty);
            var paths = GetOrAdd(series, dataset.GetString(DicomTag.SeriesInstanceUID) ?? string.Empty);
            paths.Add(entry.Path);
        }

        var patients = tree
            .Select(p => new DicomPatientGroup(
                p.Key,
                p.Value.Select(st => new DicomStudyGroup(
                    st.Key,
                    st.Value.Select(se => new DicomSeriesGroup(se.Key, se.Value.AsReadOnly())).ToList().AsReadOnly()))
                .ToList().AsReadOnly()))
            .ToList();
        return new DicomFolderIndex(patients.AsReadOnly(), skipped.AsReadOnly());
    }

    private static TValue GetOrAdd<TValue>(SortedDictionary<string, TValue> map, string key)
        where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new TValue();
            map.Add(key, value);
        }

        return value;
    }

    private static string CheckRoot(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The input folder '{root}' does not exist.");
        }

        return root;
    }

    private FolderConfinement? Confinement(string root) => _confine ? new FolderConfinement(root) : null;

    private static async IAsyncEnumerable<LoadedInstance> LoadCoreAsync(
        string root,
        DicomReadOptions readOptions,
        FolderConfinement? confinement,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (path, skip) in Entries(root, confinement, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return skip is not null
                ? LoadedInstance.Skipped(skip)
                : Read(path, readOptions, confinement, cancellationToken);
        }
    }

    private static IEnumerable<(string Path, SkippedFile? Skip)> Entries(string root, FolderConfinement? confinement, CancellationToken cancellationToken)
    {
        // Confined, the folder must be its own real path when the walk starts, so one swapped for a link since it was
        // checked is refused, and the prefixes are the folder alone.
        if (confinement?.CheckRoot() is { } refused)
        {
            return [(refused.Path, refused)];
        }

        return Walk(root, confinement is null ? RootPrefixes(root) : [root + Path.DirectorySeparatorChar], confinement, cancellationToken);
    }

    // The root as given and as resolved, each with a trailing separator, so "/data/in" does not contain "/data/in2".
    private static string[] RootPrefixes(string root)
    {
        var resolved = new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return resolved is null
            ? [root + Path.DirectorySeparatorChar]
            : [root + Path.DirectorySeparatorChar, Path.TrimEndingDirectorySeparator(resolved) + Path.DirectorySeparatorChar];
    }

    private static bool IsInside(string path, string[] rootPrefixes)
    {
        var withSeparator = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        return rootPrefixes.Any(prefix => withSeparator.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The files below <paramref name="directory"/> in the ordinal order of their full paths, found one folder at a time:
    /// a folder's entries are sorted with a separator after each subfolder's name (so "a.dcm" comes before "a/x.dcm", as
    /// in a sort of the full paths), and a subfolder is walked in its place. Only one folder's listing is held per level,
    /// never the whole tree's paths.
    /// </summary>
    private static IEnumerable<(string Path, SkippedFile? Skip)> Walk(
        string directory,
        string[] rootPrefixes,
        FolderConfinement? confinement,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (confinement?.CheckFolder(directory) is { } left)
        {
            yield return (directory, left);
            yield break;
        }

        FileSystemInfo[] children;
        SkippedFile? unreadable = null;
        try
        {
            children = new DirectoryInfo(directory).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            children = [];
            unreadable = new SkippedFile(directory, Unreadable("folder", ex), null);
        }

        if (unreadable is not null)
        {
            yield return (directory, unreadable);
        }

        // The attributes come with the folder listing; asking every file for its link target costs a syscall each.
        static bool IsLink(FileSystemInfo child) => (child.Attributes & FileAttributes.ReparsePoint) != 0 && child.LinkTarget is not null;
        var ordered = children
            .Select(child => (Child: child, Link: IsLink(child)))
            .OrderBy(c => c.Child is DirectoryInfo && !c.Link ? c.Child.Name + Path.DirectorySeparatorChar : c.Child.Name, StringComparer.Ordinal)
            .ToArray();
        foreach (var (child, link) in ordered)
        {
            if (link)
            {
                yield return (child.FullName, CheckLink(child, child is DirectoryInfo, rootPrefixes));
            }
            else if (child is DirectoryInfo)
            {
                foreach (var entry in Walk(child.FullName, rootPrefixes, confinement, cancellationToken))
                {
                    yield return entry;
                }
            }
            else
            {
                yield return (child.FullName, SpecialFile(child, child.FullName));
            }
        }
    }

    // The skip for an empty file, pipe, socket or device; for a link, `file` is its target and `path` the link.
    private static SkippedFile? SpecialFile(FileSystemInfo file, string path)
    {
        try
        {
            return SpecialFiles.IsEmptyOrSpecial(file) ? new SkippedFile(path, SpecialFiles.Reason, 0) { Kind = SkipKind.NotDicom } : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A name whose bytes are not UTF-8 is listed with U+FFFD in their place, and no file has that name: that file
            // fails, not the run (the third outside hunt's M11 stopped every run with one such name in its folder).
            return new SkippedFile(path, ex is FileNotFoundException ? UnopenableName : Unreadable("file", ex), null);
        }
    }

    /// <summary>Why a listed file that is not there when opened is skipped.</summary>
    internal const string UnopenableName = "the file cannot be opened by the name the folder lists (a name that is not valid UTF-8, or a file removed since)";

    // Returns the reason a symlink is skipped, or null when it is a file link to be followed.
    private static SkippedFile? CheckLink(FileSystemInfo link, bool isDirectory, string[] rootPrefixes)
    {
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SkippedFile(link.FullName, Unreadable("symlink", ex), null);
        }

        if (target is null || !target.Exists)
        {
            return new SkippedFile(link.FullName, "symlink whose target does not exist", null);
        }

        if (!IsInside(target.FullName, rootPrefixes))
        {
            return new SkippedFile(
                link.FullName,
                isDirectory ? "symlinked folder outside the input folder: not descended" : "symlink pointing outside the input folder: not followed",
                null);
        }

        // A folder link inside the root would only repeat files found at their real path (or loop back to the root).
        return isDirectory
            ? new SkippedFile(link.FullName, "symlinked folder inside the input folder: its files are loaded at their real path", null)
            : SpecialFile(target, link.FullName);
    }

    // Synchronous on purpose: the pipeline's workers call this (FolderWalk.Read) on their own threads, and .NET's
    // asynchronous file reads on Linux are the same blocking call queued to the thread pool, one hop per read, for a
    // header parsed in microseconds.
    private static LoadedInstance Read(string path, DicomReadOptions readOptions, FolderConfinement? confinement, CancellationToken cancellationToken)
    {
        if (string.Equals(Path.GetFileName(path), DicomDirName, StringComparison.OrdinalIgnoreCase))
        {
            return LoadedInstance.Skipped(new SkippedFile(path, "DICOMDIR (media storage directory), not an instance", null) { Kind = SkipKind.NotAnInstance });
        }

        DicomFile file;
        try
        {
            if (confinement is not null)
            {
                var confined = confinement.ReadConfined(path, readOptions, cancellationToken, out var openFailure);
                if (openFailure is not null)
                {
                    return LoadedInstance.Skipped(new SkippedFile(path, Unreadable("file", openFailure), null));
                }

                if (confined!.IsSkipped)
                {
                    return confined;
                }

                file = confined.File;
            }
            else
            {
                file = DicomFile.Open(path, readOptions, cancellationToken);
            }
        }
        catch (DicomFormatException ex)
        {
            // A file that claims to be DICOM and cannot be read is a damaged instance (a failure); anything else found in
            // an export (a README, thumbnails, a PDF) is simply not DICOM. Only files that fail are looked at again.
            var kind = DicomSignature.Claims(path) ? SkipKind.Problem : SkipKind.NotDicom;
            var reason = string.IsNullOrEmpty(ex.Reason) ? "not a DICOM file" : (kind == SkipKind.NotDicom ? "not DICOM: " : "damaged DICOM: ") + ex.Reason;
            return LoadedInstance.Skipped(new SkippedFile(path, reason, ex.Offset >= 0 ? ex.Offset : null) { Kind = kind });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoadedInstance.Skipped(new SkippedFile(path, Unreadable("file", ex), null));
        }

        if (file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID) == MediaStorageDirectoryStorageUid)
        {
            return LoadedInstance.Skipped(new SkippedFile(path, "DICOMDIR (Media Storage Directory Storage SOP Class), not an instance", null) { Kind = SkipKind.NotAnInstance });
        }

        return LoadedInstance.Loaded(path, file);
    }

    // The exception type says what went wrong without its message, which may repeat the path or carry OS detail.
    private static string Unreadable(string what, Exception ex) =>
        ex is UnauthorizedAccessException ? $"unreadable {what}: access denied" : $"unreadable {what}: {ex.GetType().Name}";
}
