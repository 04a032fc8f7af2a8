namespace DicomPipeline.Pipeline;

/// <summary>A file the run did not store, and why.</summary>
/// <param name="Path">The path relative to the input folder.</param>
/// <param name="Outcome">Skipped, held back or failed.</param>
/// <param name="Reason">Why, without patient data.</param>
public sealed record ReportedFile(string Path, FileOutcome Outcome, string Reason);
