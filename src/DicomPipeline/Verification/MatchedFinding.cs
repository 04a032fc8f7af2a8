namespace DicomPipeline.Verification;

/// <summary>A finding and the text that matched, which goes only into the audit file.</summary>
/// <param name="Finding">The finding, free of the matched value.</param>
/// <param name="MatchedText">The text as it was in the output, or null when the finding is not a match.</param>
internal sealed record MatchedFinding(VerificationFinding Finding, string? MatchedText);
