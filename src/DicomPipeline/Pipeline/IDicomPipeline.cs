namespace DicomPipeline.Pipeline;

/// <summary>
/// The whole job: load a folder, de-identify each instance (when asked), keep it in the output folder, and report.
/// Files flow through bounded stages on all cores; memory does not grow with the number of files.
/// </summary>
public interface IDicomPipeline
{
    /// <summary>Runs the job for one request.</summary>
    /// <param name="request">What to process and where to put it.</param>
    /// <param name="progress">Receives counts as files are handled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; files already stored stay, none is half-written.</param>
    /// <returns>The counts and the files that were not stored, with reasons.</returns>
    /// <exception cref="PipelineException">The run could not start or had to stop (bad input folder, missing secret, output not writable).</exception>
    /// <exception cref="Csv.CsvMergeException">The clinical CSV is malformed; the message names the line and column, and nothing was written.</exception>
    Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default);
}
