using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// One input instance on its way through the per-file stages: each stage reads what the ones before it left and adds
/// its own part. Only one worker holds an item at a time.
/// </summary>
internal sealed class PipelineItem(string path, DicomFile original)
{
    /// <summary>The input file's full path.</summary>
    public string Path { get; } = path;

    /// <summary>The instance as read: CSV rows are matched against it, the verifier compares with it.</summary>
    public DicomFile Original { get; } = original;

    /// <summary>The instance as it will be written: the original, or its de-identified copy.</summary>
    public DicomFile File { get; set; } = original;

    /// <summary>The identifiers de-identification replaced, for the audit map; empty when not de-identified.</summary>
    public IReadOnlyList<AnonymizedIdentity> Identities { get; set; } = [];

    /// <summary>The clinical CSV's non-DICOM columns for the manifest, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? ClinicalColumns { get; set; }

    /// <summary>Where the store put the instance, once stored.</summary>
    public StoredInstance? Stored { get; set; }

    public static PipelineItem From(LoadedInstance loaded) => new(loaded.Path, loaded.File!);
}
