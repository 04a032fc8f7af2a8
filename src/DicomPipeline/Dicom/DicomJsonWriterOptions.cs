namespace DicomPipeline.Dicom;

/// <summary>How <see cref="DicomJsonWriter"/> lays out its output.</summary>
public sealed class DicomJsonWriterOptions
{
    /// <summary>The defaults: compact output.</summary>
    public static DicomJsonWriterOptions Default { get; } = new();

    /// <summary>Indent the JSON for people to read; compact when false (the default).</summary>
    public bool Indented { get; init; }
}
