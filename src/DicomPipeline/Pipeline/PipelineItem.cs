using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// One input instance on its way through the per-file stages: each stage reads what the ones before it left and adds
/// its own part. Only one worker holds an item at a time.
/// </summary>
internal sealed class PipelineItem
{
    private DicomFile? _original;
    private DicomFile? _file;

    /// <summary>An instance already read.</summary>
    public PipelineItem(string path, DicomFile original)
    {
        Path = path;
        _original = _file = original;
    }

    /// <summary>A file found by the walk, for the worker that takes it to read (<see cref="Read"/>).</summary>
    /// <param name="path">The input file's full path.</param>
    /// <param name="turn">Its place in the walk, for claiming in order (<see cref="ClaimTurns"/>).</param>
    public PipelineItem(string path, long turn)
    {
        Path = path;
        Turn = turn;
    }

    /// <summary>The input file's full path.</summary>
    public string Path { get; }

    /// <summary>The file's place in the walk, when the worker reads it.</summary>
    public long Turn { get; }

    /// <summary>
    /// The instance as read: CSV rows are matched against it, the audit map compares with it. When no later stage reads
    /// it (<see cref="PipelineRun.ReadsOriginalAfterDeidentification"/>), a large header is de-identified in place and
    /// this then holds the de-identified dataset.
    /// </summary>
    public DicomFile Original => _original ?? throw new InvalidOperationException("The item's file has not been read.");

    /// <summary>The instance as it will be written: the original, or its de-identified copy.</summary>
    public DicomFile File
    {
        get => _file ?? throw new InvalidOperationException("The item's file has not been read.");
        set => _file = value;
    }

    /// <summary>The identifiers de-identification replaced, for the audit map; empty when not de-identified.</summary>
    public IReadOnlyList<AnonymizedIdentity> Identities { get; set; } = [];

    /// <summary>The clinical CSV's non-DICOM columns for the manifest, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? ClinicalColumns { get; set; }

    /// <summary>Where the store put the instance, once stored.</summary>
    public StoredInstance? Stored { get; set; }

    public static PipelineItem From(LoadedInstance loaded) => new(loaded.Path, loaded.File!);

    /// <summary>Sets the instance read from <see cref="Path"/>, as the original and as what will be written.</summary>
    public void Read(DicomFile original) => _original = _file = original;
}
