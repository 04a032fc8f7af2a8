using DicomPipeline.Orthanc;
using DicomPipeline.Storage;

namespace DicomPipeline.Destinations;

/// <summary>
/// Orthanc's REST API as a destination: each instance is first looked up by its Orthanc identifier (computed locally
/// from the four identifiers, so a re-run sends only what is missing), then uploaded. An instance Orthanc's own filter
/// refuses is <see cref="DestinationOutcomeKind.Refused"/>; once the server fails past the client's retries, that
/// instance and every later one are <see cref="DestinationOutcomeKind.NotSent"/>, so an outage costs one timeout, not
/// one per instance. Uploads run a few at a time across all batches in flight. An echo is one request, never retried,
/// when the destination has a connection of its own (so a dead server is told at once, not after the upload's retries).
/// </summary>
internal sealed class OrthancDestination : IDicomDestination, IDisposable
{
    private readonly IOrthancClient _client;
    private readonly SemaphoreSlim _uploads;
    private readonly IDisposable? _connection;
    private OrthancOptions? _echoOptions;
    private string? _outage;

    // connection: what the destination closes when disposed (a connection of its own), or null.
    public OrthancDestination(IOrthancClient client, string displayName, int parallelism, IDisposable? connection = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _client = client;
        _uploads = new SemaphoreSlim(parallelism, parallelism);
        _connection = connection;
        DisplayName = displayName;
    }

    public string DisplayName { get; }

    /// <summary>A destination over a connection of its own, closed with it: nothing outlives the run that made it.</summary>
    public static OrthancDestination Connect(OrthancOptions options)
    {
        var connection = OrthancConnection.Create(options);
        var echo = connection.Options.Snapshot();
        echo.MaxRetryAttempts = 0;
        return new OrthancDestination(connection.Client, connection.ServerUrl, connection.Options.UploadParallelism, connection) { _echoOptions = echo };
    }

    public void Dispose()
    {
        _uploads.Dispose();
        _connection?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public async Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default)
    {
        // A connection for this one request, without retries; a client handed in (under DI) is asked as it is.
        using var once = _echoOptions is null ? null : OrthancConnection.Create(_echoOptions);
        try
        {
            var system = await (once?.Client ?? _client).GetSystemAsync(cancellationToken).ConfigureAwait(false);
            return new DestinationEcho(true, $"{DisplayName} is Orthanc {system.Version} (AE {system.DicomAet}, DICOM port {system.DicomPort}).");
        }
        catch (OrthancException ex)
        {
            return new DestinationEcho(false, ex.Message.ReplaceLineEndings(" "));
        }
    }

    public async Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var sends = new Task<DestinationOutcome>[instances.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = SendOneAsync(instances[i], cancellationToken);
        }

        return await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task<DestinationOutcome> SendOneAsync(StoredInstance instance, CancellationToken cancellationToken)
    {
        await _uploads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _outage) is { } outage)
            {
                return new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.NotSent, outage);
            }

            var id = OrthancIdentifiers.ComputeInstanceId(instance.PatientId, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid);
            if (await _client.InstanceExistsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.AlreadyPresent);
            }

            var result = await _client.UploadInstanceAsync(instance.FullPath, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                OrthancUploadStatus.Success => new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.Sent),
                OrthancUploadStatus.AlreadyStored => new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.AlreadyPresent),

                // Refused by the server's own filter: not an outage, so the rest goes on.
                _ => new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.Refused, $"Orthanc answered {result.Status}"),
            };
        }
        catch (OrthancException ex)
        {
            Interlocked.CompareExchange(ref _outage, ex.Message, null);
            return new DestinationOutcome(instance.SopInstanceUid, DestinationOutcomeKind.NotSent, Volatile.Read(ref _outage));
        }
        finally
        {
            _uploads.Release();
        }
    }
}
