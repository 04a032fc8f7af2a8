namespace DicomPipeline.Pipeline;

/// <summary>
/// A step's part of one run. It may do work on each file (<see cref="FileStage"/>), be where the files come from
/// (<see cref="Source"/>), take each instance that passed every file stage (<see cref="PassedAsync"/>), run beside the
/// workers (<see cref="Completion"/>), and write its section of the report (<see cref="AddToReport"/>,
/// <see cref="CompleteAsync"/>). The runner calls these in that order and disposes the part at the end.
/// </summary>
internal abstract class StepRun : IAsyncDisposable
{
    /// <summary>The work this step does on each file, in the pipeline's order, or <see langword="null"/>.</summary>
    public virtual IPipelineStage? FileStage => null;

    /// <summary>Where the run's items come from, or <see langword="null"/>; exactly one step of a pipeline has one.</summary>
    public virtual IPipelineSource? Source => null;

    /// <summary>Work that runs beside the workers (sending) and completes after <see cref="NoMoreItems"/>; a fault stops the run.</summary>
    public virtual Task Completion => Task.CompletedTask;

    /// <summary>Takes an instance that passed every file stage; may wait (back-pressure), called from several workers at once.</summary>
    /// <param name="item">The item, stored.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A task that completes when the instance is taken.</returns>
    public virtual ValueTask PassedAsync(PipelineItem item, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>No more items will pass: whatever the run ended with, the step finishes what it holds.</summary>
    public virtual void NoMoreItems()
    {
    }

    /// <summary>Adds the step's section to the report, once every part has finished.</summary>
    /// <param name="report">The report so far.</param>
    /// <returns>The report with this step's section.</returns>
    public virtual ProcessingReport AddToReport(ProcessingReport report) => report;

    /// <summary>Writes what the step keeps once the report is whole (the store: manifest, report, audit map).</summary>
    /// <param name="report">The whole report.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when it is written.</returns>
    public virtual Task CompleteAsync(ProcessingReport report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
