namespace DicomPipeline.Web.Safety;

/// <summary>
/// Refuses requests that change something (POST, PUT, PATCH, DELETE) when a browser says they come from another site.
/// The app has no login, so without this any web page open in the user's browser could post a form to it. Browsers send
/// <c>Origin</c> on such requests; <c>curl</c> and scripts send none and are let through.
/// </summary>
internal sealed class SameOriginMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Headers.TryGetValue("Origin", out var origin) || IsSameOrigin(origin.ToString(), request))
        {
            return next(context);
        }

        return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused",
                detail: "This app accepts changes only from its own page or from clients that send no Origin header (curl, scripts).")
            .ExecuteAsync(context);
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
}
