using System.Text.Json;

namespace DicomPipeline.Dicom;

// Binary values streamed into the base64 string of "InlineBinary" without holding them whole.
public static partial class DicomJsonWriter
{
    /// <summary>A write-only stream that turns what is written into base64 segments of the JSON string being written.</summary>
    private sealed class Base64SegmentStream(Utf8JsonWriter writer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            WriteSegment(writer, buffer, isFinal: false);
            if (writer.BytesPending >= FlushThreshold)
            {
                writer.Flush();
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteSegment(writer, buffer.Span, isFinal: false);
            if (writer.BytesPending >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
