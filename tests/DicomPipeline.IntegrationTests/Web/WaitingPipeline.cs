using DicomPipeline.Pipeline;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>A pipeline that runs until it is cancelled, so a job stays running as long as a test needs.</summary>
internal sealed class WaitingPipeline : IDicomPipeline
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        progress?.Report(new PipelineProgress(5, 1, 0, 0, 0));
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("Unreachable.");
    }
}
