namespace DicomPipeline.Pipeline;

/// <summary>Where a run's items come from: the loader walking a folder, or a receiver's spool.</summary>
internal interface IPipelineSource
{
    /// <summary>The items to process, handed out one at a time to the workers that ask.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The items.</returns>
    IAsyncEnumerable<PipelineItem> ItemsAsync(CancellationToken cancellationToken);
}
