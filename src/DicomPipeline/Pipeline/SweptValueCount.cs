namespace DicomPipeline.Pipeline;

/// <summary>
/// How many values the known-identifier sweep changed or removed at one tag path for one reason, over the run (see
/// <see cref="Anonymization.AnonymizationResult.Swept"/>). Never carries the values.
/// </summary>
/// <param name="Path">The tag path, e.g. <c>(0008,1030)</c> or <c>(0040,A730)/(0040,A160)</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Count">How many values, over every instance of the run.</param>
public sealed record SweptValueCount(string Path, string Reason, int Count);
