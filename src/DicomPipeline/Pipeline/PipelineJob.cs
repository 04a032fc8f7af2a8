namespace DicomPipeline.Pipeline;

/// <summary>
/// A pipeline with its request fixed, as <see cref="DicomPipelineBuilder.Build"/> makes it. Each run opens and closes
/// its own Orthanc connection, so <c>Build().RunAsync()</c> leaves nothing open; disposing the job is harmless.
/// </summary>
public sealed class PipelineJob : IDisposable
{
    private readonly IDicomPipeline _pipeline;
    private readonly IReadOnlyList<IDisposable> _owned;

    internal PipelineJob(IDicomPipeline pipeline, PipelineRequest request, IReadOnlyList<IDisposable>? owned = null)
    {
        _pipeline = pipeline;
        Request = request;
        _owned = owned ?? [];
    }

    /// <summary>What the job processes and where it puts it.</summary>
    public PipelineRequest Request { get; }

    /// <summary>Runs the job.</summary>
    /// <param name="progress">Receives counts as files are handled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; nothing is left half-written.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PipelineException">The run could not start or had to stop.</exception>
    public Task<PipelineResult> RunAsync(IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _pipeline.RunAsync(Request, progress, cancellationToken);

    /// <summary>Releases nothing: every run closes what it opened. Kept so that <c>using</c> blocks written for earlier versions compile.</summary>
    public void Dispose()
    {
        // The destinations the builder made from addresses (SendTo(uri)); those given as objects stay the caller's.
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
