namespace DicomPipeline.Pipeline;

/// <summary>The checks every pipeline passes when it is built, by the builder and by dependency injection alike.</summary>
internal static class PipelineSteps
{
    /// <summary>The steps in their order (load, de-identify, CSV, store, verify, send), each checked against the whole.</summary>
    /// <exception cref="InvalidOperationException">A step is missing, doubled, or cannot work with the others.</exception>
    public static IReadOnlyList<PipelineStep> Check(IEnumerable<PipelineStep> steps)
    {
        PipelineStep[] ordered = [.. steps.OrderBy(s => s.Order)];
        foreach (var doubled in ordered.GroupBy(s => s.GetType()).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"The {doubled.First().Name} step was added twice; a pipeline has one of each.");
        }

        if (!ordered.Any(s => s is LoadStep))
        {
            throw new InvalidOperationException("No input folder: call LoadFrom(directory) before Build().");
        }

        if (!ordered.Any(s => s is StoreStep))
        {
            throw new InvalidOperationException("No output folder: call SaveTo(directory) before Build().");
        }

        foreach (var step in ordered)
        {
            step.Validate(ordered);
        }

        return ordered;
    }
}
