using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>A verifier with one finding for each output file <paramref name="flags"/> picks, and none for the others.</summary>
internal sealed class FakeVerifier(Func<string, bool> flags) : IDeidentificationVerifier
{
    public Task<IReadOnlyList<VerificationFinding>> VerifyFileAsync(string outputFile, string? originalFile, string outputRoot, CancellationToken cancellationToken = default)
    {
        originalFile.Should().NotBeNull("the stage gives the verifier the original to compare with");
        IReadOnlyList<VerificationFinding> findings = flags(outputFile)
            ? [new VerificationFinding(Path.GetRelativePath(outputRoot, outputFile), "(0010,0010)", "PatientName component", "PatientName (0010,0010)")]
            : [];
        return Task.FromResult(findings);
    }
}
