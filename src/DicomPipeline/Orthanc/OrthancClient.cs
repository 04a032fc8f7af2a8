using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DicomPipeline.Dicom;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DicomPipeline.Orthanc;

/// <summary>
/// <see cref="IOrthancClient"/> as a typed <see cref="HttpClient"/>: the client comes from <c>IHttpClientFactory</c>
/// with its base address, credentials and resilience handler set (see <see cref="OrthancRegistration"/>); this class
/// only builds routes, reads Orthanc's JSON and turns every failure into an <see cref="OrthancException"/>.
/// </summary>
internal sealed class OrthancClient : IOrthancClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly HttpClient _http;
    private readonly string _displayUrl;
    private readonly TimeSpan _timeout;

    public OrthancClient(HttpClient httpClient, IOptions<OrthancOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        settings.ThrowIfInvalid();
        _http = httpClient;
        _http.BaseAddress ??= settings.GetBaseAddress();
        _displayUrl = settings.GetDisplayUrl();
        _timeout = settings.Timeout;
    }

    /// <summary>How many study IDs one page of <see cref="ListStudiesAsync"/> asks for.</summary>
    internal int StudyPageSize { get; init; } = 1000;

    public async Task<OrthancSystemInfo> GetSystemAsync(CancellationToken cancellationToken = default)
    {
        const string route = "GET /system";
        using var json = await GetJsonAsync("system", route, cancellationToken).ConfigureAwait(false);
        var root = json!.RootElement;
        return new OrthancSystemInfo(
            GetString(root, "Name", route) ?? string.Empty,
            GetRequiredString(root, "Version", route),
            GetInt32(root, "ApiVersion", route),
            GetString(root, "DicomAet", route) ?? string.Empty,
            GetInt32(root, "DicomPort", route),
            GetInt32(root, "HttpPort", route));
    }

    public async Task<OrthancStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        const string route = "GET /statistics";
        using var json = await GetJsonAsync("statistics", route, cancellationToken).ConfigureAwait(false);
        var root = json!.RootElement;
        return new OrthancStatistics(
            GetInt64(root, "CountPatients", route),
            GetInt64(root, "CountStudies", route),
            GetInt64(root, "CountSeries", route),
            GetInt64(root, "CountInstances", route),
            GetInt64(root, "TotalDiskSize", route));
    }

    public async Task<OrthancUploadResult> UploadInstanceAsync(Stream dicom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        const string route = "POST /instances";
        using var request = new HttpRequestMessage(HttpMethod.Post, "instances") { Content = new DicomStreamContent(dicom) };
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        using var json = await ReadJsonAsync(response!, route, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var statusText = GetRequiredString(root, "Status", route);
        OrthancUploadStatus status = statusText switch
        {
            "Success" => OrthancUploadStatus.Success,
            "AlreadyStored" => OrthancUploadStatus.AlreadyStored,
            "FilteredOut" => OrthancUploadStatus.FilteredOut,
            _ => throw InvalidResponse(route, "an unknown upload status"),
        };
        return new OrthancUploadResult(
            status,
            GetString(root, "ID", route) ?? string.Empty,
            GetString(root, "ParentSeries", route) ?? string.Empty,
            GetString(root, "ParentStudy", route) ?? string.Empty,
            GetString(root, "ParentPatient", route) ?? string.Empty);
    }

    public async Task<OrthancUploadResult> UploadInstanceAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await UploadInstanceAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<string> ListStudiesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const string route = "GET /studies";
        var since = 0L;
        while (true)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"studies?since={since}&limit={StudyPageSize}");
            List<string> page;
            using (var json = await GetJsonAsync(uri, route, cancellationToken).ConfigureAwait(false))
            {
                page = GetStringArray(json!.RootElement, route);
            }

            foreach (var id in page)
            {
                yield return id;
            }

            if (page.Count < StudyPageSize)
            {
                yield break;
            }

            since += page.Count;
        }
    }

    public async Task<OrthancStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        var route = "GET /studies/" + studyId;
        string patientId, studyUid;
        string? studyDate, anonymizedFrom;
        using (var json = await GetJsonAsync("studies/" + studyId, route, cancellationToken, notFoundIsNull: true).ConfigureAwait(false))
        {
            if (json is null)
            {
                return null;
            }

            var root = json.RootElement;
            var mainTags = GetObject(root, "MainDicomTags", route);
            var patientTags = GetObject(root, "PatientMainDicomTags", route);
            patientId = GetString(patientTags, "PatientID", route) ?? string.Empty;
            studyUid = GetString(mainTags, "StudyInstanceUID", route) ?? string.Empty;
            studyDate = GetString(mainTags, "StudyDate", route);
            studyDate = string.IsNullOrEmpty(studyDate) ? null : studyDate;
            anonymizedFrom = GetString(root, "AnonymizedFrom", route);
        }

        var seriesRoute = route + "/series";
        var modalities = new SortedSet<string>(StringComparer.Ordinal);
        var instances = new List<string>();
        using (var json = await GetJsonAsync("studies/" + studyId + "/series", seriesRoute, cancellationToken, notFoundIsNull: true).ConfigureAwait(false))
        {
            if (json is null)
            {
                return null; // deleted between the two calls
            }

            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw InvalidResponse(seriesRoute, "a JSON array was expected");
            }

            foreach (var series in json.RootElement.EnumerateArray())
            {
                var modality = GetString(GetObject(series, "MainDicomTags", seriesRoute), "Modality", seriesRoute);
                if (!string.IsNullOrEmpty(modality))
                {
                    modalities.Add(modality);
                }

                if (series.TryGetProperty("Instances", out var ids))
                {
                    instances.AddRange(GetStringArray(ids, seriesRoute));
                }
            }
        }

        return new OrthancStudy(studyId, patientId, studyUid, studyDate, [.. modalities], instances, anonymizedFrom);
    }

    public async Task<bool> DeleteStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        using var request = new HttpRequestMessage(HttpMethod.Delete, "studies/" + studyId);
        using var response = await SendAsync(request, "DELETE /studies/" + studyId, HttpCompletionOption.ResponseContentRead, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        return response is not null;
    }

    public async Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        var route = "POST /studies/" + studyId + "/anonymize";
        using var request = new HttpRequestMessage(HttpMethod.Post, "studies/" + studyId + "/anonymize")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        using var json = await ReadJsonAsync(response!, route, cancellationToken).ConfigureAwait(false);
        return GetRequiredString(json.RootElement, "ID", route);
    }

    public async Task<IReadOnlyList<string>> FindAsync(
        OrthancResourceLevel level,
        IReadOnlyDictionary<string, string> query,
        int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(limit));
        }

        const string route = "POST /tools/find";
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("Level", level.ToString());
            writer.WriteBoolean("Expand", false);
            if (limit is { } value)
            {
                writer.WriteNumber("Limit", value);
            }

            writer.WriteStartObject("Query");
            foreach (var (keyword, text) in query)
            {
                writer.WriteString(keyword, text);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "tools/find") { Content = new ByteArrayContent(body.WrittenSpan.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        using var json = await ReadJsonAsync(response!, route, cancellationToken).ConfigureAwait(false);
        return GetStringArray(json.RootElement, route);
    }

    public async Task<bool> InstanceExistsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        using var request = new HttpRequestMessage(HttpMethod.Get, "instances/" + instanceId);
        using var response = await SendAsync(request, "GET /instances/" + instanceId, HttpCompletionOption.ResponseHeadersRead, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        return response is not null;
    }

    public async Task<Stream> DownloadInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        var request = new HttpRequestMessage(HttpMethod.Get, "instances/" + instanceId + "/file");
        var response = await SendAsync(request, "GET /instances/" + instanceId + "/file", HttpCompletionOption.ResponseHeadersRead, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);

        // The response lives as long as its stream: disposing the stream releases the connection.
        return await response!.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetInstanceValueAsync(string instanceId, DicomTag tag, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        var path = string.Create(CultureInfo.InvariantCulture, $"instances/{instanceId}/content/{tag.Group:x4}-{tag.Element:x4}");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, "GET /" + path, HttpCompletionOption.ResponseContentRead, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Trim(' ', '\0');
    }

    private async Task<JsonDocument?> GetJsonAsync(string uri, string route, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, notFoundIsNull, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadJsonAsync(response, route, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request and returns the successful response, or null for 404 when <paramref name="notFoundIsNull"/>;
    /// every other outcome becomes an <see cref="OrthancException"/> (cancellation by the caller stays an
    /// <see cref="OperationCanceledException"/>).
    /// </summary>
    private async Task<HttpResponseMessage?> SendAsync(
        HttpRequestMessage request,
        string route,
        HttpCompletionOption completion,
        bool notFoundIsNull,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new OrthancException(
                $"Orthanc is not reachable at {_displayUrl} ({route}: {Describe(ex.HttpRequestError)}).",
                OrthancFailure.Unreachable,
                route,
                innerException: ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new OrthancException(
                $"Orthanc is not reachable at {_displayUrl} ({route}: too many recent failures, calls are paused for a moment).",
                OrthancFailure.Unreachable,
                route,
                innerException: ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw TimedOut(route, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(route, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            throw await ErrorAsync(response, route, cancellationToken).ConfigureAwait(false);
        }
    }

    private OrthancException TimedOut(string route, Exception inner) => new(
        string.Create(CultureInfo.InvariantCulture, $"Orthanc at {_displayUrl} did not answer {route} within {_timeout.TotalSeconds:0.###} s."),
        OrthancFailure.Timeout,
        route,
        innerException: inner);

    private async Task<OrthancException> ErrorAsync(HttpResponseMessage response, string route, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new OrthancException(
                $"Orthanc authentication failed for {_displayUrl}: check the user name and password ({route} answered {code} {reason}).",
                OrthancFailure.AuthenticationFailed,
                route,
                code);
        }

        string? message = null, details = null;
        try
        {
            var bytes = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(bytes);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                message = TryGetString(json.RootElement, "Message");
                details = TryGetString(json.RootElement, "Details");
            }
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            // Not Orthanc's JSON (a proxy's error page, or a cut connection): the status code must do.
        }

        var text = message is null
            ? $"Orthanc at {_displayUrl} answered {route} with {code} {reason}."
            : $"Orthanc at {_displayUrl} answered {route} with {code} {reason}: {message}.";
        return new OrthancException(text, OrthancFailure.ErrorResponse, route, code, message, details);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsMemory(0, total);
        }
    }

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string route, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw InvalidResponse(route, "the answer is not JSON", ex);
        }
    }

    private OrthancException InvalidResponse(string route, string what, Exception? inner = null) => new(
        $"Orthanc at {_displayUrl} gave an unexpected answer to {route}: {what}.",
        OrthancFailure.InvalidResponse,
        route,
        innerException: inner);

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.ProxyTunnelError => "the proxy refused the connection",
        _ => "the request failed",
    };

    private static string? TryGetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private string? GetString(JsonElement element, string name, string route)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw InvalidResponse(route, "a JSON object was expected");
        }

        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw InvalidResponse(route, $"'{name}' is not a string");
    }

    private string GetRequiredString(JsonElement element, string name, string route) =>
        GetString(element, name, route) ?? throw InvalidResponse(route, $"'{name}' is missing");

    private JsonElement GetObject(JsonElement element, string name, string route)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        throw InvalidResponse(route, $"'{name}' is missing");
    }

    private int GetInt32(JsonElement element, string name, string route) =>
        checked((int)GetInt64(element, name, route));

    /// <summary>A number, which Orthanc sometimes writes as a string (e.g. "TotalDiskSize").</summary>
    private long GetInt64(JsonElement element, string name, string route)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        throw InvalidResponse(route, $"'{name}' is missing or not a number");
    }

    private List<string> GetStringArray(JsonElement element, string route)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw InvalidResponse(route, "a JSON array was expected");
        }

        var list = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw InvalidResponse(route, "a list of IDs was expected"));
        }

        return list;
    }
}
