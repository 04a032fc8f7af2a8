using System.Diagnostics.CodeAnalysis;
using DicomPipeline.Dicom;

namespace DicomPipeline.Loading;

/// <summary>
/// One entry found by an <see cref="IDicomLoader"/>: either a DICOM instance that was read (<see cref="File"/>) or a
/// file that was skipped, with the reason (<see cref="Skip"/>). Exactly one of the two is set.
/// </summary>
public sealed class LoadedInstance
{
    private LoadedInstance(string path, DicomFile? file, SkippedFile? skip)
    {
        Path = path;
        File = file;
        Skip = skip;
    }

    /// <summary>The full path of the entry, as found under the input folder (a symlink keeps its own path).</summary>
    public string Path { get; }

    /// <summary>The instance, when it was read; <see langword="null"/> when skipped.</summary>
    public DicomFile? File { get; }

    /// <summary>Why the entry was skipped; <see langword="null"/> when it was read.</summary>
    public SkippedFile? Skip { get; }

    /// <summary>Whether the entry was skipped (then <see cref="Skip"/> is set and <see cref="File"/> is not).</summary>
    [MemberNotNullWhen(true, nameof(Skip))]
    [MemberNotNullWhen(false, nameof(File))]
    public bool IsSkipped => Skip is not null;

    /// <summary>Creates an entry for an instance that was read.</summary>
    /// <param name="path">The path the instance was found at.</param>
    /// <param name="file">The instance.</param>
    /// <returns>The entry.</returns>
    public static LoadedInstance Loaded(string path, DicomFile file)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(file);
        return new LoadedInstance(path, file, null);
    }

    /// <summary>Creates an entry for a skipped file.</summary>
    /// <param name="skip">The skipped file and the reason.</param>
    /// <returns>The entry.</returns>
    public static LoadedInstance Skipped(SkippedFile skip)
    {
        ArgumentNullException.ThrowIfNull(skip);
        return new LoadedInstance(skip.Path, null, skip);
    }
}
