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
}
