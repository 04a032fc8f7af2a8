using System.Diagnostics.Metrics;
using DicomPipeline.Diagnostics;

namespace DicomPipeline.Receiving;

/// <summary>The receiver's instruments, on the library's meter.</summary>
internal static class ReceiverInstruments
{
    public static readonly Counter<long> Associations = PipelineInstruments.Meter.CreateCounter<long>("dicompipeline.receiver.associations", "{association}", "Associations requested, by result (accepted, rejected).");

    public static readonly Counter<long> InstancesReceived = PipelineInstruments.Meter.CreateCounter<long>("dicompipeline.receiver.instances", "{instance}", "Instances received and written to the spool.");

    public static readonly Counter<long> StoreFailures = PipelineInstruments.Meter.CreateCounter<long>("dicompipeline.receiver.store_failures", "{instance}", "C-STORE requests answered with a failure (out of resources, SOP class not supported).");

    public static readonly Counter<long> StudiesProcessed = PipelineInstruments.Meter.CreateCounter<long>("dicompipeline.receiver.studies", "{study}", "Stable studies run through the pipeline, by result (processed, failed).");
}
