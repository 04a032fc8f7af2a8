using DicomPipeline.Dicom;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Files each instance in the output folder under its identifiers (the load stage let one file per SOP Instance UID through), and records the
/// identifiers it replaced for the audit map. A store failure (disk full, read-only) is thrown: it stops the run.
/// </summary>
internal sealed class StoreStage(IProcessedStore store, string outputDirectory, RunOutcomes outcomes, System.Collections.Concurrent.ConcurrentQueue<AuditEntry>? audit) : IPipelineStage
{
    public string Name => "store";

    public async ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        // Two input files holding the same instance were told apart in the load stage, in path order.
        var sopInstanceUid = item.File.Dataset.GetString(DicomTag.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopInstanceUid))
        {
            outcomes.Fail(item.Path, "no SOP Instance UID (0008,0018): the instance cannot be filed or told apart from others");
            return false;
        }

        item.Stored = await store.SaveAsync(outputDirectory, item.File, item.ClinicalColumns, cancellationToken).ConfigureAwait(false);
        if (audit is not null)
        {
            Audit(item, sopInstanceUid, audit);
        }

        return true;
    }

    /// <summary>
    /// The audit map holds what the file holds: a clinical CSV may have written its own Patient ID and Patient's Name
    /// over the pseudonyms after de-identification, so the top-level pair is recorded with the values written.
    /// </summary>
    private static void Audit(PipelineItem item, string sopInstanceUid, System.Collections.Concurrent.ConcurrentQueue<AuditEntry> audit)
    {
        var original = item.Original.Dataset;
        var written = item.File.Dataset;
        foreach (var identity in item.Identities)
        {
            var replacement = identity.Keyword switch
            {
                "PatientID" => WrittenValue(identity.Original, original, written, DicomTag.PatientID),
                "PatientName" => WrittenValue(identity.Original, original, written, DicomTag.PatientName),
                _ => null,
            } ?? identity.Replacement;
            audit.Enqueue(new AuditEntry(sopInstanceUid, identity.Keyword, identity.Original, replacement));
        }
    }

    private static string? WrittenValue(string originalValue, DicomDataset original, DicomDataset written, DicomTag tag) =>
        string.Equals(original.GetString(tag) ?? string.Empty, originalValue, StringComparison.Ordinal) ? written.GetString(tag) : null;
}
