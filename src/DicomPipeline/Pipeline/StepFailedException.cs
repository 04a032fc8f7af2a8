namespace DicomPipeline.Pipeline;

/// <summary>
/// A step failed inside work the runner does on its behalf (the workers pulling from the source step): the run names
/// that step, not the workers. The runner unwraps it; it never leaves the library.
/// </summary>
/// <param name="step">The step's name.</param>
/// <param name="inner">What failed.</param>
internal sealed class StepFailedException(string step, Exception inner) : Exception("The " + step + " step failed.", inner)
{
    /// <summary>The step's name.</summary>
    public string Step { get; } = step;
}
