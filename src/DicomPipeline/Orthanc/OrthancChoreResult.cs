namespace DicomPipeline.Orthanc;

/// <summary>What a server chore of <c>OrthancStudyChores</c> did, study by study.</summary>
public sealed class OrthancChoreResult
{
    internal OrthancChoreResult(IReadOnlyList<OrthancStudyOutcome> studies) => Studies = studies;

    /// <summary>Every study the chore looked at, in the order it handled them.</summary>
    public IReadOnlyList<OrthancStudyOutcome> Studies { get; }

    /// <summary>How many studies failed.</summary>
    public int FailedCount => Count(OrthancStudyAction.Failed);

    /// <summary>How many studies ended with <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The count.</returns>
    public int Count(OrthancStudyAction action) => Studies.Count(outcome => outcome.Action == action);
}
