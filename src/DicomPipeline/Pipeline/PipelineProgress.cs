namespace DicomPipeline.Pipeline;

/// <summary>Counts so far, reported as files are handled.</summary>
/// <param name="Found">Files found in the input folder so far.</param>
/// <param name="Stored">Instances written to the output folder.</param>
/// <param name="Skipped">Files skipped (not DICOM, unreadable, …).</param>
/// <param name="HeldBack">Instances held back.</param>
/// <param name="Failed">Instances that failed.</param>
/// <param name="Uploaded">Instances that reached every destination (sent, or there already).</param>
public sealed record PipelineProgress(int Found, int Stored, int Skipped, int HeldBack, int Failed, int Uploaded = 0)
{
    /// <summary>
    /// The files in the input folder, or <see langword="null"/> while they are being counted (and for a shard, which
    /// takes an unknown part of the folder, until it has read it all). Known before the first files are done on any
    /// folder that takes long; at the end it equals <see cref="Found"/>.
    /// </summary>
    public int? FilesTotal { get; init; }

    /// <summary>Files handled so far, whatever the outcome.</summary>
    public int Handled => Stored + Skipped + HeldBack + Failed;
}
