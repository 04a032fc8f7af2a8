namespace DicomPipeline.Dicom;

/// <summary>How a Part 10 file is written.</summary>
public sealed class DicomWriteOptions
{
    /// <summary>The defaults: the file's own transfer syntax.</summary>
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>
    /// The transfer syntax to write, or <see langword="null"/> for the file's own. A dataset with encapsulated pixel data
    /// can only be written in its own transfer syntax.
    /// </summary>
    public DicomTransferSyntax? TransferSyntax { get; init; }
}
