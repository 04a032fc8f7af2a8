namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// One thing the payload step did to a binary value, for report.json: where (a tag path such as
/// <c>(0048,0105)/(0028,2000)</c>, as the sweep's <c>SweptValue</c> on main) and why, never the value.
/// </summary>
/// <param name="TagPath">Where in the dataset.</param>
/// <param name="Reason">What was done and why, in a few words (a fixed text: it never carries a value).</param>
internal sealed record PayloadAction(string TagPath, string Reason);
