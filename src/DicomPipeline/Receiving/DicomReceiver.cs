using DicomPipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomPipeline.Receiving;

/// <summary>
/// The receiving gateway: a <see cref="StoreScp"/> writing into a <see cref="DicomSpool"/>, and one loop that runs the
/// pipeline over each study once it is stable, one study at a time, oldest unfinished first after a restart.
/// </summary>
internal sealed class DicomReceiver : IDicomReceiver
{
    private readonly IDicomPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DicomReceiver(IDicomPipeline pipeline, TimeProvider time, ILogger<DicomReceiver>? logger = null)
    {
        _pipeline = pipeline;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Set once listening: the port (for callers that asked for port 0).</summary>
    internal TaskCompletionSource<int> Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(DicomReceiverOptions options, Func<string, string, PipelineRequest> requestForStudy, IProgress<ReceivedStudy>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(requestForStudy);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAssociations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPduLength, 4096);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        if (string.IsNullOrWhiteSpace(options.AeTitle) || options.AeTitle.Length > 16)
        {
            throw new ArgumentException("The AE title must be 1 to 16 characters.", nameof(options));
        }

        var tls = ReceiverTls.Load(options);
        var spool = new DicomSpool(options.SpoolDirectory, _time);
        spool.Open();
        var scp = new StoreScp(options, spool, tls, _logger);
        await using (scp.ConfigureAwait(false))
        {
            scp.Start();
            Listening.TrySetResult(scp.Port);
            var number = 0;
            try
            {
                foreach (var unfinished in spool.Unfinished())
                {
                    await ProcessAsync(spool, unfinished, ++number, options, requestForStudy, progress, cancellationToken).ConfigureAwait(false);
                }

                var tick = TimeSpan.FromMilliseconds(Math.Clamp(options.StableAge.TotalMilliseconds / 4, 50, 1000));
                using var timer = new PeriodicTimer(tick, _time);
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var key in spool.StableStudies(options.StableAge))
                    {
                        if (spool.Claim(key) is { } claimed)
                        {
                            await ProcessAsync(spool, claimed, ++number, options, requestForStudy, progress, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a study being processed stays claimed and is processed again at the next start.
            }
        }
    }

    private async Task ProcessAsync(DicomSpool spool, string claimed, int number, DicomReceiverOptions options, Func<string, string, PipelineRequest> requestForStudy, IProgress<ReceivedStudy>? progress, CancellationToken cancellationToken)
    {
        var instances = Directory.EnumerateFiles(claimed).Count();

        // The output folder is named after the claimed folder, so a run repeated after a crash writes the same place again.
        var output = Path.Combine(Path.GetFullPath(options.OutputDirectory), Path.GetFileName(claimed));
        try
        {
            var result = await _pipeline.RunAsync(requestForStudy(claimed, output), cancellationToken: cancellationToken).ConfigureAwait(false);
            DicomSpool.Complete(claimed);
            ReceiverInstruments.StudiesProcessed.Add(1, new KeyValuePair<string, object?>("dicompipeline.result", "processed"));
            _logger.StudyProcessed(number, instances, output);
            progress?.Report(new ReceivedStudy(number, instances, output, result, null));
        }
        catch (Exception ex) when (ex is PipelineException or Csv.CsvMergeException or IOException or UnauthorizedAccessException)
        {
            spool.SetAside(claimed);
            ReceiverInstruments.StudiesProcessed.Add(1, new KeyValuePair<string, object?>("dicompipeline.result", "failed"));
            _logger.StudyFailed(number, Path.Combine(spool.Failed, Path.GetFileName(claimed)), ex.Message);
            progress?.Report(new ReceivedStudy(number, instances, output, null, ex.Message));
        }
    }
}
