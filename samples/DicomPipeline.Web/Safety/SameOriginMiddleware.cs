using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Refuses requests that change something (POST, PUT, PATCH, DELETE) when a browser says they come from a page of
/// another origin. The origin is compared with the addresses the app listens on (a loopback address also under the
/// names <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c>) and <see cref="WebSettings.PublicOrigins"/>, never with
/// the request's own <c>Host</c>, which a rebinding page chooses. Browsers send <c>Origin</c> on such requests;
/// <c>curl</c> and scripts send none and are let through (they need the key).
/// </summary>
internal sealed class SameOriginMiddleware(RequestDelegate next, IServer server, IOptions<WebSampleOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Headers.TryGetValue("Origin", out var origin) || IsConfiguredOrigin(origin.ToString(), request))
        {
            return next(context);
        }

        return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused",
                detail: "This app accepts changes only from its own page (DicomPipeline:Web:PublicOrigins) or from clients that send no Origin header (curl, scripts).")
            .ExecuteAsync(context);
    }

    private bool IsConfiguredOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (options.Value.Web.PublicOrigins.Any(configured => Uri.TryCreate(configured, UriKind.Absolute, out var allowed) && SameOrigin(uri, allowed)))
        {
            return true;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            // In-process test host: no socket, so the only origin is the host it was given (already checked by AllowedHosts).
            return string.Equals(uri.GetLeftPart(UriPartial.Authority), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        }

        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var listening))
            {
                continue;
            }

            if (SameOrigin(uri, listening)
                || (ListenAddresses.IsLoopback(address) && uri.IsLoopback && uri.Port == listening.Port
                    && string.Equals(uri.Scheme, listening.Scheme, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
