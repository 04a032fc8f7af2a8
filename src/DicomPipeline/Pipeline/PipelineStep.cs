namespace DicomPipeline.Pipeline;

/// <summary>
/// One step of a pipeline as built (load, de-identify, merge CSV, store, verify, send): its options, fixed when the
/// pipeline is built and checked then. A step is immutable and serves every run of the pipeline, from several threads;
/// for each run it makes a <see cref="StepRun"/> that does the work. The runner composes steps without knowing which
/// they are.
/// </summary>
internal abstract class PipelineStep
{
    /// <summary>The step's name in errors and telemetry: lower case, no spaces.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Checks the step against the whole pipeline when it is built (a verify step needs a de-identify step, …).
    /// </summary>
    /// <param name="steps">Every step of the pipeline, in order.</param>
    /// <exception cref="InvalidOperationException">The pipeline cannot work with this step as configured.</exception>
    public virtual void Validate(IReadOnlyList<PipelineStep> steps)
    {
    }

    /// <summary>
    /// The step's work before any file is read: reading and checking what must be whole before anything is written (the
    /// clinical CSV), resolving and checking folders. Every step prepares, in order, before any starts.
    /// </summary>
    /// <param name="run">The run, which steps leave their facts in for the steps after them.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A task that completes when the step is ready.</returns>
    /// <exception cref="PipelineException">The run cannot start (bad folder, bad CSV, missing secret).</exception>
    public virtual ValueTask PrepareAsync(PipelineRun run, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Starts the step's part of one run, once every step has prepared, or returns null when this run does not use the
    /// step (a run that asks not to de-identify, a pipeline without a CSV for this run).
    /// </summary>
    /// <param name="run">The prepared run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The step's part of the run, or <see langword="null"/>.</returns>
    /// <exception cref="PipelineException">The run cannot start.</exception>
    public abstract ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken);

    /// <summary>Where the step goes among the others, whatever order the builder was called in: load, de-identify, CSV, store, verify, send.</summary>
    public abstract int Order { get; }
}
