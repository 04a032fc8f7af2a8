using DicomPipeline.Anonymization;
using DicomPipeline.Storage;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Pipeline;

/// <summary>
/// One run of a pipeline as its steps see it: the request, the checked input folder, the outcomes gathered from every
/// worker, and the facts one step leaves for the steps after it (the output folder the store chose, the identities a
/// clinical CSV supplies, whether the run de-identifies). Made by the runner for each run and thrown away after it.
/// </summary>
internal sealed class PipelineRun(PipelineRequest request, string inputDirectory, RunOutcomes outcomes, IProgress<PipelineProgress>? progress, ILogger logger, CancellationToken stopping)
{
    private readonly Dictionary<PipelineStep, object> _prepared = [];

    /// <summary>What the caller asked of this run.</summary>
    public PipelineRequest Request { get; } = request;

    /// <summary>The input folder, full path, checked to exist.</summary>
    public string InputDirectory { get; } = inputDirectory;

    /// <summary>What happened to each file so far.</summary>
    public RunOutcomes Outcomes { get; } = outcomes;

    /// <summary>Where counts are reported, or null.</summary>
    public IProgress<PipelineProgress>? Progress { get; } = progress;

    /// <summary>The run's logger (counts and reasons only).</summary>
    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the run stops, whether asked or because a part failed.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>The output folder, full path, once the store step has prepared.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>The audit folder, full path, or null; set by the store step.</summary>
    public string? AuditDirectory { get; set; }

    /// <summary>The store the output folder is kept by; set by the store step, used by the steps that move what it wrote.</summary>
    public IProcessedStore? Store { get; set; }

    /// <summary>The patients' pseudonyms a clinical CSV supplies (matched on Patient ID), or null; set by the CSV step.</summary>
    public IPatientIdentityProvider? CsvIdentities { get; set; }

    /// <summary>
    /// Whether a stage after de-identification reads the instance as it was read (the CSV join matches on its keys, the
    /// audit map compares its Patient ID and name); set by those steps when they prepare. When none does, the instance
    /// is de-identified in place rather than on a copy.
    /// </summary>
    public bool ReadsOriginalAfterDeidentification { get; set; }

    /// <summary>Whether this run de-identifies; set by the de-identify step when it starts.</summary>
    public bool Deidentifies { get; set; }

    /// <summary>Keeps what a step prepared for this run (a step is shared by every run, so it keeps nothing itself).</summary>
    public void SetPart(PipelineStep step, object prepared) => _prepared[step] = prepared;

    /// <summary>What <paramref name="step"/> prepared for this run, or null.</summary>
    public T? GetPart<T>(PipelineStep step)
        where T : class => _prepared.TryGetValue(step, out var prepared) ? (T)prepared : null;

    /// <summary>Reports the counts so far.</summary>
    public void ReportProgress() => Progress?.Report(Outcomes.Snapshot());
}
