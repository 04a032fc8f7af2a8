using DicomPipeline.Pipeline;

namespace DicomPipeline.Receiving;

/// <summary>
/// The receiving gateway: a C-ECHO and C-STORE SCP that writes every instance durably to a spool before confirming it,
/// and runs the pipeline over each study once it is stable. What was received and not processed before a stop is
/// processed after the next start.
/// </summary>
public interface IDicomReceiver
{
    /// <summary>Listens until <paramref name="cancellationToken"/> is cancelled, processing stable studies as they come.</summary>
    /// <param name="options">Where to listen, spool and write, and the limits.</param>
    /// <param name="requestForStudy">
    /// Builds the pipeline request for one study: given the study's spool folder (the input) and the output folder made
    /// for it, returns the request (de-identification, destinations...) to run.
    /// </param>
    /// <param name="progress">Receives one report per study processed, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops listening; associations in progress are aborted and their partial instances dropped.</param>
    /// <returns>A task that completes when the receiver has stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="requestForStudy"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range, or a TLS file is missing or unreadable.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The port cannot be listened on.</exception>
    Task RunAsync(DicomReceiverOptions options, Func<string, string, PipelineRequest> requestForStudy, IProgress<ReceivedStudy>? progress = null, CancellationToken cancellationToken = default);
}
