using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DicomPipeline.Destinations;

/// <summary>
/// A STOW-RS request body (PS3.18 section 10.5): <c>multipart/related; type="application/dicom"</c> with one part per
/// Part 10 file, each copied from disk as it is sent, never buffered whole. The files are opened again on each
/// serialization, so the resilience handler can send the request again. Its length is known in advance.
/// </summary>
internal sealed class StowMultipartContent : HttpContent
{
    private const int BufferSize = 81920;
    private readonly IReadOnlyList<string> _paths;
    private readonly byte[] _partHeader;
    private readonly byte[] _partEnd = "\r\n"u8.ToArray();
    private readonly byte[] _closing;

    public StowMultipartContent(IReadOnlyList<string> paths)
    {
        _paths = paths;
        var boundary = "dicompipeline-" + Guid.NewGuid().ToString("N");
        _partHeader = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n");
        _closing = Encoding.ASCII.GetBytes($"--{boundary}--\r\n");
        var type = new MediaTypeHeaderValue("multipart/related");
        type.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        type.Parameters.Add(new NameValueHeaderValue("boundary", boundary));
        Headers.ContentType = type;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var path in _paths)
        {
            await stream.WriteAsync(_partHeader, cancellationToken).ConfigureAwait(false);
            var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
            await using (file.ConfigureAwait(false))
            {
                await file.CopyToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
            }

            await stream.WriteAsync(_partEnd, cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(_closing, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _closing.Length;
        foreach (var path in _paths)
        {
            length += _partHeader.Length + new FileInfo(path).Length + _partEnd.Length;
        }

        return true;
    }
}
