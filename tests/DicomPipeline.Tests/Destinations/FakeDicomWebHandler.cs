using System.Net;
using System.Text;

namespace DicomPipeline.Tests.Destinations;

/// <summary>A DICOMweb service in memory: records each request with its body, and answers by the script.</summary>
internal sealed class FakeDicomWebHandler(Func<HttpRequestMessage, byte[]?, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[]? Body)> Requests { get; } = [];

    /// <summary>The scripted answer, for a handler that answers some requests as another would.</summary>
    public HttpResponseMessage Answer(HttpRequestMessage request, byte[]? body) => answer(request, body);

    /// <summary>A STOW-RS response naming every instance in <paramref name="stored"/> as stored, and the failures with their reason.</summary>
    public static HttpResponseMessage StoreResponse(HttpStatusCode status, IEnumerable<string> stored, IEnumerable<(string Uid, int Reason)>? failed = null)
    {
        static string Uid(string uid) => $"\"00081155\":{{\"vr\":\"UI\",\"Value\":[\"{uid}\"]}}";
        var referenced = string.Join(",", stored.Select(u => "{" + Uid(u) + "}"));
        var failures = string.Join(",", (failed ?? []).Select(f => "{" + Uid(f.Uid) + $",\"00081197\":{{\"vr\":\"US\",\"Value\":[{f.Reason}]}}}}"));
        var json = $"{{\"00081199\":{{\"vr\":\"SQ\",\"Value\":[{referenced}]}},\"00081198\":{{\"vr\":\"SQ\",\"Value\":[{failures}]}}}}";
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/dicom+json") };
    }

    /// <summary>The SOP Instance UIDs of a STOW-RS body, found as the parts' file meta (0002,0003) values.</summary>
    public static List<byte[]> Parts(HttpRequestMessage request, byte[] body)
    {
        var boundary = request.Content!.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<byte[]>();
        var index = IndexOf(body, delimiter, 0);
        while (index >= 0)
        {
            var start = index + delimiter.Length;
            if (body[start] == '-')
            {
                break;
            }

            var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start) + 4;
            var next = IndexOf(body, delimiter, headerEnd);
            parts.Add(body[headerEnd..(next - 2)]);
            index = next;
        }

        return parts;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request, body));
        }

        return answer(request, body);
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) => haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? i + from : -1;
}
