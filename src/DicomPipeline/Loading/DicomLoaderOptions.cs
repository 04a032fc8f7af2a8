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
}
