namespace DicomPipeline.Anonymization;

/// <summary>
/// A value the known-identifier sweep changed or removed after every other rule had run: where it was and why. Never
/// carries the value itself.
/// </summary>
/// <param name="Path">The tag path, sequences joined with <c>/</c> and without item numbers, e.g. <c>(0040,A730)/(0040,A160)</c>.</param>
/// <param name="Reason">Why it was changed, in words that carry no patient data.</param>
public sealed record SweptValue(string Path, string Reason);
