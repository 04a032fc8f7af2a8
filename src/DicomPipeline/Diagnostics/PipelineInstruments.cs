using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DicomPipeline.Diagnostics;

/// <summary>
/// The meter and activity source, and the instruments on them. Static like every library's (the names are fixed and hold
/// no configuration); an instrument nobody listens to costs a check of a flag.
/// </summary>
internal static class PipelineInstruments
{
    public static readonly ActivitySource Source = new(DicomPipelineTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(DicomPipelineTelemetry.MeterName, Version);

    public static readonly Counter<long> FilesRead = Meter.CreateCounter<long>("dicompipeline.files.read", "{file}", "Files found in the input folder.");

    public static readonly Counter<long> FilesStored = Meter.CreateCounter<long>("dicompipeline.files.stored", "{file}", "Instances written to the output folder (and verified, when asked).");

    public static readonly Counter<long> FilesSkipped = Meter.CreateCounter<long>("dicompipeline.files.skipped", "{file}", "Files skipped: not DICOM, DICOMDIR, unreadable, duplicates.");

    public static readonly Counter<long> FilesHeldBack = Meter.CreateCounter<long>("dicompipeline.files.held_back", "{file}", "Instances held back: burned-in annotation, no CSV row, quarantined by the verification.");

    public static readonly Counter<long> FilesFailed = Meter.CreateCounter<long>("dicompipeline.files.failed", "{file}", "Instances whose processing failed.");

    public static readonly Counter<long> BytesStored = Meter.CreateCounter<long>("dicompipeline.bytes.stored", "By", "Bytes of the instances written to the output folder.");

    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("dicompipeline.stage.duration", "s", "How long a stage took for one instance (one batch, for send).");

    public static readonly Counter<long> SendFailures = Meter.CreateCounter<long>("dicompipeline.send.failures", "{instance}", "Instances a destination refused or did not get, by outcome.");

    private static string Version => typeof(PipelineInstruments).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Records a stage's duration since <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void RecordStage(string stage, long startedAt)
    {
        if (StageDuration.Enabled)
        {
            StageDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("dicompipeline.stage", stage));
        }
    }
}
