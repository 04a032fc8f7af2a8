namespace DicomPipeline.Web.Safety;

/// <summary>
/// Adds to every response the headers that keep the page from being framed (clickjacking), content from being sniffed
/// into a script, the address from being sent to other sites, and patient or study data from being kept in a cache
/// (<c>Cache-Control: no-store</c>: every answer but the static script and style may name a patient, and those cost
/// nothing to fetch again). Added when the response starts, so the exception handler, which clears headers, cannot drop
/// them. It runs first of all (<see cref="SecurityHeadersStartupFilter"/>), before the host filter, so the host filter's
/// 400 carries them too; and it answers a request target longer than <see cref="MaxRequestTargetLength"/> with 414 itself,
/// with the headers and a one-line problem, below Kestrel's own, raised limit. Above that limit Kestrel refuses the request
/// line while parsing it, before any middleware runs, with a bare 414 (empty, no headers of ours) that nothing can change:
/// Kestrel has no hook for the answers it makes to requests it could not parse (see the README).
/// The page has no inline script or style, so the policy holds.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The longest request target (path and query) answered; Kestrel's own default limit for the request line.</summary>
    public const int MaxRequestTargetLength = 8 * 1024;

    /// <summary>Kestrel's request-line limit, raised above <see cref="MaxRequestTargetLength"/> so that the app answers the 414.</summary>
    public const int KestrelRequestLineLimit = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });

        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxRequestTargetLength)
        {
            // A one-line problem like every other refusal; it never quotes the address, which may hold a search for a name.
            return Results.Problem(
                statusCode: StatusCodes.Status414UriTooLong,
                title: "Address too long",
                detail: $"The request's path and query may be at most {MaxRequestTargetLength} characters.").ExecuteAsync(context);
        }

        return next(context);
    }
}
