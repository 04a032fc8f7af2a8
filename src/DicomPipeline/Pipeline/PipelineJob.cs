namespace DicomPipeline.Pipeline;

/// <summary>
/// A pipeline with its request fixed, as <see cref="DicomPipelineBuilder.Build"/> makes it. Dispose it to release the
/// Orthanc connection, when it uploads.
/// </summary>
public sealed class PipelineJob : IDisposable
{
    private readonly IDicomPipeline _pipeline;
    private readonly IDisposable? _resources;

    internal PipelineJob(IDicomPipeline pipeline, PipelineRequest request, IDisposable? resources = null)
    {
        _pipeline = pipeline;
        Request = request;
        _resources = resources;
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

    /// <summary>Releases the Orthanc connection, if any.</summary>
    public void Dispose() => _resources?.Dispose();
}
