using System.Net;
using System.Net.Http.Headers;

namespace DicomPipeline.Orthanc;

/// <summary>
/// A DICOM file sent as an HTTP body straight from a stream the caller owns: copied in chunks, never buffered whole,
/// not disposed with the request, and rewound to where it started when the resilience handler sends it again.
/// </summary>
internal sealed class DicomStreamContent : HttpContent
{
    internal const string MediaType = "application/dicom";
    private const int BufferSize = 81920;
    private readonly Stream _stream;
    private readonly long _start;
    private bool _sent;

    public DicomStreamContent(Stream stream)
    {
        _stream = stream;
        _start = stream.CanSeek ? stream.Position : -1;
        Headers.ContentType = new MediaTypeHeaderValue(MediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_sent)
        {
            if (_start < 0)
            {
                throw new InvalidOperationException("The upload cannot be retried: its stream cannot seek back to the start.");
            }

            _stream.Position = _start;
        }

        _sent = true;
        await _stream.CopyToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        if (_start >= 0)
        {
            length = _stream.Length - _start;
            return true;
        }

        length = 0;
        return false;
    }
}
