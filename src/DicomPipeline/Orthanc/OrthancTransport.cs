using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DicomPipeline.Orthanc;

/// <summary>
/// The HTTP side of <see cref="OrthancClient"/>: sends a request through the <see cref="HttpClient"/> (whose handler
/// retries, times out and breaks the circuit; see <see cref="OrthancRegistration"/>), reads Orthanc's JSON with
/// <see cref="OrthancJsonContext"/>, and turns every failure into an <see cref="OrthancException"/> naming the server
/// and route, never the request's content.
/// </summary>
internal sealed class OrthancTransport(HttpClient http, string displayUrl, TimeSpan timeout)
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Sends the request and returns the successful response, or null for 404 when <paramref name="notFoundIsNull"/>;
    /// every other outcome becomes an <see cref="OrthancException"/> (cancellation by the caller stays an
    /// <see cref="OperationCanceledException"/>).
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(
        HttpRequestMessage request,
        string route,
        HttpCompletionOption completion,
        bool notFoundIsNull,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new OrthancException(
                $"Orthanc is not reachable at {displayUrl} ({route}: {Describe(ex.HttpRequestError)}).",
                OrthancFailure.Unreachable,
                route,
                innerException: ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new OrthancException(
                $"Orthanc is not reachable at {displayUrl} ({route}: too many recent failures, calls are paused for a moment).",
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

    /// <summary>Sends a request without a body and tells whether the resource was there (a success) or not (404).</summary>
    public async Task<bool> SendFoundAsync(HttpMethod method, string uri, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        using var response = await SendAsync(request, method.Method + " /" + uri, completion, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    /// <summary>Sends the request and reads its JSON answer as <typeparamref name="T"/>; null for 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<T?> SendForJsonAsync<T>(
        HttpRequestMessage request,
        string route,
        JsonTypeInfo<T> shape,
        bool notFoundIsNull,
        CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, notFoundIsNull, cancellationToken)
            .ConfigureAwait(false);
        return response is null ? null : await ReadJsonAsync(response, route, shape, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET</c> of a JSON resource; null for 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<T?> GetJsonAsync<T>(string uri, string route, JsonTypeInfo<T> shape, bool notFoundIsNull, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendForJsonAsync(request, route, shape, notFoundIsNull, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A list of Orthanc IDs without nulls (nullable annotations do not reach into a collection's items, so they are
    /// checked here).
    /// </summary>
    public List<string> RequireIds(List<string>? ids, string route)
    {
        if (ids is null || ids.Contains(null!))
        {
            throw InvalidResponse(route, "a list of IDs was expected");
        }

        return ids;
    }

    public OrthancException InvalidResponse(string route, string what, Exception? inner = null) => new(
        $"Orthanc at {displayUrl} gave an unexpected answer to {route}: {what}.",
        OrthancFailure.InvalidResponse,
        route,
        innerException: inner);

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string route, JsonTypeInfo<T> shape, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, shape, cancellationToken).ConfigureAwait(false)
                    ?? throw InvalidResponse(route, "the answer is null");
            }
        }
        catch (JsonException ex)
        {
            // The path names a field ("$.Version"), never a value.
            throw InvalidResponse(route, ex.Path is { Length: > 1 } path ? $"the answer is not the JSON expected (at {path})" : "the answer is not the JSON expected", ex);
        }
    }

    private OrthancException TimedOut(string route, Exception inner) => new(
        string.Create(CultureInfo.InvariantCulture, $"Orthanc at {displayUrl} did not answer {route} within {timeout.TotalSeconds:0.###} s."),
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
                $"Orthanc authentication failed for {displayUrl}: check the user name and password ({route} answered {code} {reason}).",
                OrthancFailure.AuthenticationFailed,
                route,
                code);
        }

        string? message = null, details = null;
        try
        {
            var bytes = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var error = JsonSerializer.Deserialize(bytes.Span, OrthancJsonContext.Default.OrthancErrorResponse);
            (message, details) = (error?.MessageText, error?.DetailsText);
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            // Not Orthanc's JSON (a proxy's error page, or a cut connection): the status code must do.
        }

        var text = message is null
            ? $"Orthanc at {displayUrl} answered {route} with {code} {reason}."
            : $"Orthanc at {displayUrl} answered {route} with {code} {reason}: {message}.";
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

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.ProxyTunnelError => "the proxy refused the connection",
        _ => "the request failed",
    };
}
