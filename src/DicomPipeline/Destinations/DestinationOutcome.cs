namespace DicomPipeline.Destinations;

/// <summary>What happened to one instance at one destination.</summary>
/// <param name="SopInstanceUid">The instance's SOP Instance UID (0008,0018), as stored.</param>
/// <param name="Kind">Sent, already there, refused or not sent.</param>
/// <param name="Reason">Why it was refused or not sent, or a warning the destination gave; never patient data.</param>
public sealed record DestinationOutcome(string SopInstanceUid, DestinationOutcomeKind Kind, string? Reason = null);
