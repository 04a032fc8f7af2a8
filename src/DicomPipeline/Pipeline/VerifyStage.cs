using DicomPipeline.Verification;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Checks each stored instance for identifying data that survived de-identification, against its original. An
/// instance with findings is moved to the quarantine folder (same relative path) and held back: it is neither in the
/// manifest nor sent.
/// </summary>
internal sealed class VerifyStage(IDeidentificationVerifier verifier, string outputDirectory, string quarantineDirectory, RunOutcomes outcomes) : IPipelineStage
{
    public string Name => "verify";

    public async ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        var stored = item.Stored!;
        var findings = await verifier.VerifyFileAsync(stored.FullPath, item.Path, outputDirectory, cancellationToken).ConfigureAwait(false);
        if (findings.Count == 0)
        {
            return true;
        }

        var target = Path.Combine(quarantineDirectory, stored.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(stored.FullPath, target, overwrite: true);

        // Kinds and tag paths only: a finding never carries the value it found.
        var kinds = string.Join(", ", findings.Select(f => f.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        outcomes.Quarantine(item.Path, FormattableString.Invariant($"the verification found {findings.Count} identifying value(s) ({kinds}); moved to the quarantine folder as {stored.RelativePath}"));
        return false;
    }
}
