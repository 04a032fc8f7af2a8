namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>What the pipeline made of one real file, and what the validators say about the result.</summary>
/// <param name="Key">"source/file name", as the known-outcomes list names it.</param>
/// <param name="Outcome">"stored", or the report's outcome for a file not stored ("skipped", "failed", "held back").</param>
/// <param name="Reason">The report's reason for a file not stored; empty when stored.</param>
/// <param name="DcmdumpProblems">dcmdump's error lines on the output (or its exit code), empty when it read the output cleanly.</param>
/// <param name="NewDciodvfyErrors">Normalised dciodvfy error lines on the output that it did not report on the input.</param>
internal sealed record RealFileOutcome(
    string Key,
    string Outcome,
    string Reason,
    IReadOnlyList<string> DcmdumpProblems,
    IReadOnlyList<string> NewDciodvfyErrors)
{
    public string Source => Key[..Key.IndexOf('/', StringComparison.Ordinal)];

    public bool Stored => Outcome == "stored";
}
