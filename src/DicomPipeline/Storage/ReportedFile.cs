namespace DicomPipeline.Storage;

/// <summary>A file the run did not store, and why.</summary>
/// <param name="Path">The path relative to the input folder.</param>
/// <param name="Outcome">Skipped, HeldBack or Failed.</param>
/// <param name="Reason">Why, without patient data.</param>
public sealed record ReportedFile(string Path, string Outcome, string Reason);
