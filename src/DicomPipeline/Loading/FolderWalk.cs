namespace DicomPipeline.Loading;

/// <summary>
/// One walk of an input folder split in two: <see cref="Entries"/> finds the files in the loader's order (listing
/// folders, checking links; no file is opened), and <see cref="Read"/> opens and parses one of them, on whichever
/// thread calls it. The pipeline walks on one thread and reads on its workers, so parsing is never serialised.
/// </summary>
/// <param name="entries">The files in order: a path to read, or a path with the reason it is skipped.</param>
/// <param name="read">Reads one path from <paramref name="entries"/>; safe from several threads at once.</param>
internal sealed class FolderWalk(IEnumerable<(string Path, SkippedFile? Skip)> entries, Func<string, CancellationToken, LoadedInstance> read)
{
    /// <summary>The files in the loader's order; enumerate once.</summary>
    public IEnumerable<(string Path, SkippedFile? Skip)> Entries { get; } = entries;

    /// <summary>Reads one entry found by <see cref="Entries"/>: the instance, or the reason it is skipped (never throws for a bad file).</summary>
    /// <param name="path">A path from <see cref="Entries"/> without a skip.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The entry as <see cref="IDicomLoader.LoadAsync"/> would have given it.</returns>
    public LoadedInstance Read(string path, CancellationToken cancellationToken) => read(path, cancellationToken);
}

/// <summary>A loader that can split its walk from its reads (<see cref="FolderWalk"/>).</summary>
internal interface IFolderWalker
{
    /// <summary>Starts a walk of <paramref name="directory"/>, as <see cref="IDicomLoader.LoadAsync"/> would.</summary>
    /// <param name="directory">The input folder.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The walk.</returns>
    /// <exception cref="DirectoryNotFoundException">The input folder does not exist.</exception>
    FolderWalk Walk(string directory, CancellationToken cancellationToken);
}
