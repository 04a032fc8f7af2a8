namespace DicomPipeline.Destinations;

/// <summary>What happened to one instance sent to a destination.</summary>
public enum DestinationOutcomeKind
{
    /// <summary>The destination confirmed that it stored the instance (warnings included).</summary>
    Sent,

    /// <summary>The destination already held the instance; nothing was sent.</summary>
    AlreadyPresent,

    /// <summary>The destination answered and refused the instance, for the reason given.</summary>
    Refused,

    /// <summary>The instance was not sent, or not confirmed (destination unreachable, aborted, cancelled); a re-run sends it.</summary>
    NotSent,
}
