namespace DicomPipeline.Pipeline;

/// <summary>
/// One per-file step between loading and sending (de-identify, merge CSV, store, verify). A stage either passes the
/// item on or takes it out of the run, recording why in <see cref="RunOutcomes"/>; it throws only when the whole run
/// must stop (the output cannot be written), never for a bad file. Stages are made per run and called from several
/// workers at once.
/// </summary>
internal interface IPipelineStage
{
    /// <summary>The stage's name in telemetry: lower case, no spaces.</summary>
    string Name { get; }

    /// <summary>Does the stage's work on one item.</summary>
    /// <param name="item">The item, as the stages before left it.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>True to pass the item on; false when it left the run (its outcome is recorded).</returns>
    ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken);
}
