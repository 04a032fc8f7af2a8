namespace DicomPipeline.Pipeline;

/// <summary>One replaced identifier for the audit map: kept only in the audit folder, never logged.</summary>
/// <param name="SopInstanceUid">The new SOP Instance UID of the instance it came from.</param>
/// <param name="Keyword">The attribute's keyword, e.g. PatientID.</param>
/// <param name="Original">The original value.</param>
/// <param name="Replacement">The value written instead.</param>
public sealed record AuditEntry(string SopInstanceUid, string Keyword, string Original, string Replacement)
{
    /// <summary>Names the attribute only: the values must never reach a log by accident.</summary>
    /// <returns>A description without values.</returns>
    public override string ToString() => $"AuditEntry {{ Keyword = {Keyword} }}";
}
