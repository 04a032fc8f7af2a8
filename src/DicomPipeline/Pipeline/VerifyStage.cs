using DicomPipeline.Storage;
using DicomPipeline.Verification;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Checks each stored instance for identifying data that survived de-identification, against its original. An
/// instance with findings is moved to the quarantine folder (same relative path) and held back: it is neither in the
/// manifest nor sent.
/// </summary>
internal sealed class VerifyStage(IDeidentificationVerifier verifier, IProcessedStore store, string outputDirectory, string quarantineDirectory, RunOutcomes outcomes) : IPipelineStage
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

        await store.QuarantineAsync(outputDirectory, stored, quarantineDirectory, cancellationToken).ConfigureAwait(false);

        // Kinds and tag paths only: a finding never carries the value it found.
        var kinds = string.Join(", ", findings.Select(f => f.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        outcomes.Quarantine(item.Path, FormattableString.Invariant($"the verification found {findings.Count} identifying value(s) ({kinds}); moved to the quarantine folder as {stored.RelativePath}"));
        return false;
    }
}
