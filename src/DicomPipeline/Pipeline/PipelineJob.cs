using DicomPipeline.Destinations;

namespace DicomPipeline.Pipeline;

/// <summary>
/// A pipeline as <see cref="DicomPipelineBuilder.Build"/> makes it: its steps fixed and checked, immutable, safe to run
/// from several threads and reusable across runs, on the folder <c>LoadFrom</c> named or on any other.
/// </summary>
/// <remarks>
/// The pipeline owns the destinations it made from addresses (<c>SendTo(uri)</c>) and closes them when disposed; the
/// destinations given as objects (<c>SendTo(destination)</c>) stay the caller's.
/// </remarks>
public sealed class PipelineJob : IDicomPipeline, IAsyncDisposable, IDisposable
{
    private readonly IDicomPipeline _pipeline;
    private readonly string? _defaultInput;
    private readonly IReadOnlyList<IDicomDestination> _owned;

    internal PipelineJob(IDicomPipeline pipeline, string? defaultInput, IReadOnlyList<IDicomDestination> owned)
    {
        _pipeline = pipeline;
        _defaultInput = defaultInput;
        _owned = owned;
    }

    /// <summary>Runs the pipeline on the folder <c>LoadFrom</c> named, into the folders the steps name.</summary>
    /// <param name="progress">Receives counts as files are handled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; nothing is left half-written.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PipelineException">The run could not start or had to stop.</exception>
    /// <exception cref="Csv.CsvMergeException">The clinical CSV is malformed; nothing was written.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public Task<PipelineResult> RunAsync(IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(_defaultInput ?? throw new PipelineException("No input folder: give one to RunAsync, or to LoadFrom when building."), progress, cancellationToken);

    /// <summary>Runs the pipeline on <paramref name="inputDirectory"/>, into the folders the steps name.</summary>
    /// <param name="inputDirectory">The folder to read, recursively.</param>
    /// <param name="progress">Receives counts as files are handled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; nothing is left half-written.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PipelineException">The run could not start or had to stop.</exception>
    /// <exception cref="Csv.CsvMergeException">The clinical CSV is malformed; nothing was written.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public Task<PipelineResult> RunAsync(string inputDirectory, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _pipeline.RunAsync(new PipelineRequest { InputDirectory = inputDirectory }, progress, cancellationToken);

    /// <inheritdoc/>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _pipeline.RunAsync(request, progress, cancellationToken);

    /// <summary>Closes the destinations the pipeline made from addresses. Call it after the last run has finished.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, for <c>using</c> blocks that cannot await.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
