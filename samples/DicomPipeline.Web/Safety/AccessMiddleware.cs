namespace DicomPipeline.Web.Safety;

/// <summary>
/// Lets a request through to the endpoints only with the key in <c>X-Api-Key</c> or a session cookie; anything else is
/// 401, and a key from an address that sent too many wrong ones is 429 (<see cref="WrongKeyThrottle"/>). Open: the
/// static page (served before this runs; it holds no data), <c>/health</c>, <c>/session</c> (to sign in) and the OpenAPI
/// document.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, SessionStore sessions, WrongKeyThrottle throttle)
{
    /// <summary>The header scripts send the key in.</summary>
    public const string HeaderName = "X-Api-Key";

    private static readonly PathString[] OpenPaths = ["/health", "/session", "/openapi"];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (OpenPaths.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
            || sessions.IsValid(request.Cookies[SessionStore.CookieName]))
        {
            return next(context);
        }

        var sent = request.Headers[HeaderName].ToString();
        if (sent.Length > 0)
        {
            switch (throttle.Attempt(context.Connection.RemoteIpAddress, sent, out var wait))
            {
                case WrongKeyThrottle.Verdict.Accepted:
                    return next(context);
                case WrongKeyThrottle.Verdict.Locked:
                    return WrongKeyThrottle.TooMany(wait, context).ExecuteAsync(context);
            }
        }

        return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign in first",
                detail: $"Enter the app's key on the page, or send it in the {HeaderName} header (DicomPipeline:Web:ApiKey).")
            .ExecuteAsync(context);
    }
}
