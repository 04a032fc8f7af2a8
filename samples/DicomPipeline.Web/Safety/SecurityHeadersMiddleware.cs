namespace DicomPipeline.Web.Safety;

/// <summary>
/// Adds to every response the headers that keep the page from being framed (clickjacking), content from being sniffed
/// into a script, and the address from being sent to other sites. Added when the response starts, so the exception
/// handler, which clears headers, cannot drop them. The page has no inline script or style, so the policy holds.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
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
            return Task.CompletedTask;
        });
        return next(context);
    }
}
