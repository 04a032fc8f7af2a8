using DicomPipeline.Orthanc;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary><c>GET /health</c>: the app answers, and whether Orthanc does.</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", CheckAsync)
            .WithName("Health")
            .WithSummary("The app is up (always 200 when it answers); status is 'degraded' when Orthanc does not answer.")
            .Produces<HealthView>();

    private static async Task<IResult> CheckAsync(
        IOrthancClient client,
        IOptions<OrthancOptions> orthancOptions,
        IOptions<WebSampleOptions> webOptions,
        CancellationToken cancellationToken)
    {
        var server = DisplayUrl(orthancOptions.Value.BaseUrl);
        var timeout = webOptions.Value.Limits.HealthTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        OrthancHealth orthanc;
        try
        {
            var system = await client.GetSystemAsync(deadline.Token);
            orthanc = new OrthancHealth(server, true, system.Version, null);
        }
        catch (OrthancException ex)
        {
            orthanc = new OrthancHealth(server, false, null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            orthanc = new OrthancHealth(server, false, null, $"Orthanc at {server} did not answer within {timeout.TotalSeconds:0.#} s.");
        }

        return Results.Ok(new HealthView(orthanc.Reachable ? "healthy" : "degraded", "running", orthanc));
    }

    /// <summary>The server's address without credentials written into it.</summary>
    private static string DisplayUrl(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri.TrimEnd('/')
            : "(DicomPipeline:Orthanc:BaseUrl is not a URL)";

    internal sealed record HealthView(string Status, string App, OrthancHealth Orthanc);

    internal sealed record OrthancHealth(string Url, bool Reachable, string? Version, string? Error);
}
