using DicomPipeline.Storage;

namespace DicomPipeline.Destinations;

/// <summary>
/// A place the pipeline sends its stored instances to: Orthanc's REST API (<c>orthanc+http(s)://</c>), a DICOMweb
/// STOW-RS service (<c>dicomweb+http(s)://</c>) or a DICOM peer over the network protocol (<c>dicom://AE@host:port</c>).
/// </summary>
/// <remarks>
/// Sending is resumable: an instance the destination already holds is reported as
/// <see cref="DestinationOutcomeKind.AlreadyPresent"/> and not sent again, so running the same job again sends only what
/// is missing. Implementations are safe to call from several tasks at once and never put credentials or patient data in
/// messages.
/// <para>
/// Who disposes a destination: whoever made it. A destination made from an address by the builder
/// (<c>SendTo(uri)</c>) or by dependency injection (<c>DicomPipeline:Destinations</c>) belongs to that pipeline and is
/// disposed with it; one made by <see cref="DicomDestinationFactory.Create"/> or handed in as an object
/// (<c>SendTo(destination)</c>, <c>PipelineRequest.Destinations</c>) stays the caller's, who disposes it
/// after the last run that uses it. Disposing closes its connections; it is not used again after that.
/// </para>
/// </remarks>
public interface IDicomDestination : IAsyncDisposable
{
    /// <summary>The destination as shown to people: its address without credentials.</summary>
    string DisplayName { get; }

    /// <summary>Checks that the destination answers: C-ECHO, a DICOMweb query, or Orthanc's <c>/system</c>.</summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>Whether it answered, with a one-line description.</returns>
    Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a batch of stored instances and reports what happened to each, in the order given. A failure that stops the
    /// whole destination (unreachable, rejected association, refused credentials) is reported per instance as
    /// <see cref="DestinationOutcomeKind.NotSent"/> with the reason, not thrown.
    /// </summary>
    /// <param name="instances">The instances to send; their files must exist.</param>
    /// <param name="cancellationToken">Stops sending; instances not confirmed by then are reported as not sent.</param>
    /// <returns>One outcome per instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instances"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default);
}
