using System.Net;
using System.Text;

namespace DicomPipeline.Tests.Orthanc;

/// <summary>An HTTP handler that answers from a function and records every request (method, path and query, body length).</summary>
internal sealed class FakeOrthancHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpMethod Method, string PathAndQuery, string? ContentType, long BodyLength, string? Authorization)> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long length = 0;
        if (request.Content is not null)
        {
            length = (await request.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
        }

        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.MediaType, length, request.Headers.Authorization?.ToString()));
        }

        return answer(request);
    }
}
