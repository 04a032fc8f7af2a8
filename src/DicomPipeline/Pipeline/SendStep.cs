using DicomPipeline.Destinations;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Sends every instance that passed the other steps to the pipeline's destinations, or to the run's own instead
/// (<see cref="PipelineRequest.Destinations"/>), in batches, while the rest of the run goes on. Every destination is one
/// of these, whatever its protocol: the runner knows none by name.
/// </summary>
/// <param name="destinations">The pipeline's destinations; disposed with the pipeline only if it made them.</param>
internal sealed class SendStep(IReadOnlyList<IDicomDestination> destinations) : PipelineStep
{
    public override string Name => SendStage.Name;

    public override int Order => 5;

    /// <summary>The pipeline's destinations, in the order they were added.</summary>
    public IReadOnlyList<IDicomDestination> Destinations => destinations;

    public override ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var all = run.Request.Destinations ?? destinations;
        if (all.Count == 0)
        {
            return ValueTask.FromResult<StepRun?>(null);
        }

        var send = new SendStage(all, run.Request.SendBatchSize, run.Request.SendParallelism, run.Outcomes, run.Progress, run.Stopping);
        return ValueTask.FromResult<StepRun?>(new Part(send));
    }

    private sealed class Part(SendStage send) : StepRun
    {
        public override Task Completion => send.Completion;

        public override ValueTask PassedAsync(PipelineItem item, CancellationToken cancellationToken) => send.EnqueueAsync(item.Stored!, cancellationToken);

        public override void NoMoreItems() => send.Complete();

        public override ProcessingReport AddToReport(ProcessingReport report) => report with { Destinations = send.Reports() };

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync().ConfigureAwait(false);
            send.Dispose();
        }
    }
}
