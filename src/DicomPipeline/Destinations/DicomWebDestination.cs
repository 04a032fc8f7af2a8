using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomPipeline.Storage;

namespace DicomPipeline.Destinations;

/// <summary>
/// Sends instances to a DICOMweb service (<c>dicomweb+http(s)://host/root</c>): first asks QIDO-RS which instances it
/// already holds, once per series for the destination's life (the series of a call at once), then POSTs the others with
/// STOW-RS, several per request (at most <see cref="DestinationOptions.BatchSize"/> files and
/// <see cref="DestinationOptions.MaxBatchBytes"/> bytes), up to <see cref="DestinationOptions.Parallelism"/> requests at
/// once. The HTTP client's resilience handler retries transient failures, except for an echo.
/// </summary>
/// <remarks>
/// A series' answer is remembered because the pipeline sends a series in several calls (batches of 16), and a server may
/// build an instance-level answer from every instance it lists (Orthanc's plugin took 74 ms for 20 instances, 0.8 ms for
/// a series it did not have), a large part of what storing them costs. What the server held when first asked stays true while this
/// run sends; what is sent meanwhile is known from the STOW-RS answers. At most <see cref="MaxRememberedSeries"/> series
/// are remembered, so a long-lived destination neither grows without bound nor trusts an old answer forever.
/// </remarks>
internal sealed class DicomWebDestination : IDicomDestination
{
    private const string DicomJson = "application/dicom+json";

    /// <summary>How many series' QIDO-RS answers are remembered; the memory is cleared when it is full.</summary>
    internal const int MaxRememberedSeries = 4096;

    /// <summary>Marks a request the resilience handler must not retry (an echo answers at once).</summary>
    internal static readonly HttpRequestOptionsKey<bool> NoRetry = new("DicomPipeline.NoRetry");

    private readonly ConcurrentDictionary<(string Study, string Series), Task<HashSet<string>?>> _present = new();
    private readonly HttpClient _http;
    private readonly DestinationOptions _options;
    private readonly string _root;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Requests at once: the options' (the factory sets the default when none was given).</summary>
    private int Parallelism => _options.Parallelism ?? DestinationOptions.DefaultHttpParallelism;

    public DicomWebDestination(DestinationAddress address, DestinationOptions options, HttpClient http)
    {
        _http = http;
        _options = options;
        _root = address.HttpBase!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        DisplayName = address.DisplayName;
        var user = string.IsNullOrEmpty(options.Username) ? address.Username : options.Username;
        var password = string.IsNullOrEmpty(options.Username) ? address.Password : options.Password;
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            _authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(user))
        {
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
    }

    public string DisplayName { get; }

    /// <summary>Closes the HTTP client the factory made for this destination.</summary>
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    public async Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, "/studies?limit=1", null, cancellationToken, retry: false).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new DestinationEcho(true, $"QIDO-RS at {DisplayName} answered HTTP {(int)response.StatusCode}.")
                : new DestinationEcho(false, $"QIDO-RS at {DisplayName} answered {Describe(response)}.");
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            return new DestinationEcho(false, Unreachable(ex));
        }
    }

    public async Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var outcomes = new DestinationOutcome?[instances.Count];
        string? stop = null;
        try
        {
            var present = await PresentAsync(instances, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < instances.Count; i++)
            {
                if (present.Contains(instances[i].SopInstanceUid))
                {
                    outcomes[i] = new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.AlreadyPresent);
                }
            }
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            stop = Unreachable(ex);
        }

        if (stop is null)
        {
            var batches = Batches(instances, outcomes);
            await Parallel.ForEachAsync(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (batch, token) => await StoreAsync(instances, batch, outcomes, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var result = new DestinationOutcome[instances.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = outcomes[i] ?? new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.NotSent, stop ?? "not confirmed by the server");
        }

        return result;
    }

    /// <summary>The SOP Instance UIDs the service already holds in the batch's series, every series asked at once.</summary>
    private async Task<HashSet<string>> PresentAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken)
    {
        var lookups = instances.Select(i => (i.StudyInstanceUid, i.SeriesInstanceUid)).Distinct().Select(series => SeriesPresentAsync(series, cancellationToken)).ToList();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var held in await Task.WhenAll(lookups).ConfigureAwait(false))
        {
            // Locked: the STOW-RS answers of other calls add to a remembered set (Remember).
            lock (held)
            {
                present.UnionWith(held);
            }
        }

        return present;
    }

    /// <summary>
    /// What one series held when first asked, plus what this destination has stored in it since; an answer that said
    /// nothing (or a failure) is not remembered.
    /// </summary>
    private async Task<HashSet<string>> SeriesPresentAsync((string Study, string Series) series, CancellationToken cancellationToken)
    {
        if (_present.Count >= MaxRememberedSeries)
        {
            _present.Clear();
        }

        var lookup = _present.GetOrAdd(series, key => QuerySeriesAsync(key.Study, key.Series, cancellationToken));
        HashSet<string>? held = null;
        try
        {
            held = await lookup.ConfigureAwait(false);
            return held ?? new HashSet<string>(StringComparer.Ordinal);
        }
        finally
        {
            if (held is null)
            {
                _present.TryRemove(KeyValuePair.Create(series, lookup));
            }
        }
    }

    /// <summary>
    /// QIDO-RS for the instances of one series (PS3.18 section 10.6): their SOP Instance UIDs; empty for 204 or 404 (none
    /// yet); null when the answer says nothing usable, so everything is sent.
    /// </summary>
    private async Task<HashSet<string>?> QuerySeriesAsync(string study, string series, CancellationToken cancellationToken)
    {
        var path = $"/studies/{Uri.EscapeDataString(study)}/series/{Uri.EscapeDataString(series)}/instances?includefield=00080018";
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in json.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("00080018", out var element) && element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("Value", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0
                    && values[0].ValueKind == JsonValueKind.String && values[0].GetString() is { } uid)
                {
                    present.Add(uid);
                }
            }

            return present;
        }
        catch (JsonException)
        {
            // Not DICOM JSON: treated as knowing nothing, so everything is sent.
            return null;
        }
    }

    /// <summary>
    /// The indices still to send, cut into requests by count and bytes (a file larger than the byte limit goes alone).
    /// A call with fewer than <see cref="DestinationOptions.BatchSize"/> × <see cref="DestinationOptions.Parallelism"/>
    /// instances (the send stage's batch of 16) is spread evenly over up to Parallelism requests, so they all run: a server
    /// such as Orthanc stores a request's instances one after another, and is fastest with several small requests at once.
    /// </summary>
    private List<List<int>> Batches(IReadOnlyList<StoredInstance> instances, DestinationOutcome?[] outcomes)
    {
        var pending = outcomes.Count(outcome => outcome is null);
        var perRequest = Math.Clamp((pending + Parallelism - 1) / Parallelism, 1, _options.BatchSize);
        var batches = new List<List<int>>();
        var current = new List<int>();
        long bytes = 0;
        for (var i = 0; i < instances.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }

            long length;
            try
            {
                length = new FileInfo(instances[i].FullPath).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                outcomes[i] = new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.NotSent, "the file cannot be read: " + ex.Message);
                continue;
            }

            if (current.Count > 0 && (current.Count == perRequest || bytes + length > _options.MaxBatchBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(i);
            bytes += length;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private async Task StoreAsync(IReadOnlyList<StoredInstance> instances, List<int> batch, DestinationOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            using var content = new StowMultipartContent([.. batch.Select(i => instances[i].FullPath)]);
            using var response = await SendAsync(HttpMethod.Post, "/studies", content, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Conflict)
            {
                Dictionary<string, DestinationOutcome> named;
                try
                {
                    using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                    named = StoreInstancesResponse.Parse(json.RootElement);
                }
                catch (JsonException)
                {
                    named = [];
                }

                foreach (var i in batch)
                {
                    outcomes[i] = named.TryGetValue(instances[i].SopInstanceUid, out var outcome)
                        ? outcome
                        : new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.NotSent, $"HTTP {(int)response.StatusCode} did not name this instance in its Store Instances Response");
                    if (outcomes[i]!.Kind is DestinationOutcomeKind.Sent or DestinationOutcomeKind.AlreadyPresent)
                    {
                        Remember(instances[i]);
                    }
                }

                return;
            }

            failure = $"STOW-RS to {DisplayName} answered {Describe(response)}";
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            failure = Unreachable(ex);
        }

        foreach (var i in batch)
        {
            outcomes[i] = new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.NotSent, failure);
        }
    }

    /// <summary>Adds a stored instance to its series' remembered answer, so sending it again finds it there.</summary>
    private void Remember(StoredInstance instance)
    {
        if (_present.TryGetValue((instance.StudyInstanceUid, instance.SeriesInstanceUid), out var lookup) && lookup.IsCompletedSuccessfully && lookup.Result is { } held)
        {
            lock (held)
            {
                held.Add(instance.SopInstanceUid);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool retry = true)
    {
        using var request = new HttpRequestMessage(method, new Uri(_root + path)) { Content = content };
        if (!retry)
        {
            request.Options.Set(NoRetry, true);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        request.Headers.Authorization = _authorization;
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(HttpResponseMessage response) =>
        $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the credentials)" : string.Empty);

    /// <summary>
    /// The one line for a transport failure: a timeout says so, with the limit (a slow or hung server is fixed differently
    /// from one that cannot be reached); anything else is "cannot reach" with the system's reason.
    /// </summary>
    private string Unreachable(Exception ex) => ex is Polly.Timeout.TimeoutRejectedException or OperationCanceledException
        ? $"{DisplayName} timed out after {_options.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s without answering"
        : $"Cannot reach {DisplayName}: {ex.Message.ReplaceLineEndings(" ")}";

    /// <summary>A failure of the transport or a timeout, as opposed to the caller cancelling.</summary>
    private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
