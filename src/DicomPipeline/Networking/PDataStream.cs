using System.Buffers;
using System.Buffers.Binary;

namespace DicomPipeline.Networking;

/// <summary>
/// A write-only stream that cuts one DIMSE message part (command or data set) into P-DATA-TF PDUs of one PDV each, none
/// larger than the peer accepts (PS3.8 section 9.3.5, PS3.7 Annex E): the bytes go into one pooled buffer behind the
/// PDU and PDV headers, and a full buffer is sent as a fragment. <see cref="CompleteAsync"/> sends the last fragment.
/// </summary>
internal sealed class PDataStream : Stream
{
    /// <summary>PDU header (type, reserved, length) and PDV header (length, context ID, message control header).</summary>
    private const int HeaderLength = 12;

    private readonly DicomAssociation _association;
    private readonly byte _contextId;
    private readonly bool _command;
    private byte[] _buffer;
    private int _count = HeaderLength;

    public PDataStream(DicomAssociation association, byte contextId, bool command, int maxPduBodyLength)
    {
        _association = association;
        _contextId = contextId;
        _command = command;
        _buffer = ArrayPool<byte>.Shared.Rent(maxPduBodyLength + 6);

        // Every fragment but the last is even (DCMTK refuses odd ones), so the whole is even exactly when its bytes are.
        Capacity = HeaderLength + ((maxPduBodyLength - 6) & ~1);
    }

    /// <summary>The whole PDU's length at most: headers plus the largest fragment.</summary>
    private int Capacity { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads <paramref name="count"/> bytes of <paramref name="source"/> straight into the PDU buffer.</summary>
    public async ValueTask CopyFromAsync(Stream source, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_count == Capacity)
            {
                await SendAsync(last: false, cancellationToken).ConfigureAwait(false);
            }

            var chunk = (int)Math.Min(count, Capacity - _count);
            var read = await source.ReadAsync(_buffer.AsMemory(_count, chunk), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The file ended before its expected length.");
            }

            _count += read;
            count -= read;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            if (_count == Capacity)
            {
                await SendAsync(last: false, cancellationToken).ConfigureAwait(false);
            }

            var chunk = Math.Min(buffer.Length, Capacity - _count);
            buffer.Span[..chunk].CopyTo(_buffer.AsSpan(_count));
            _count += chunk;
            buffer = buffer[chunk..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Not supported: a full buffer is sent on the network, which is only done asynchronously (no thread blocks on a peer).</summary>
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("PDataStream is written asynchronously only (WriteAsync).");

    /// <summary>
    /// Sends what is left as the last fragment, padded with one NUL to an even length: only a deflated data set can be
    /// odd, and PS3.5 Annex A.5 pads it so.
    /// </summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (((_count - HeaderLength) & 1) == 1)
        {
            await WriteAsync(new byte[1], cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(last: true, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        // Fragments are sent when full or complete; flushing earlier would only make more, smaller PDUs.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    private async ValueTask SendAsync(bool last, CancellationToken cancellationToken)
    {
        var span = _buffer.AsSpan();
        span[0] = (byte)PduType.DataTransfer;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], (uint)(_count - 6));
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], (uint)(_count - 10));
        span[10] = _contextId;
        span[11] = (byte)((_command ? 0x01 : 0x00) | (last ? 0x02 : 0x00));
        await _association.WritePduAsync(_buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
        _count = HeaderLength;
    }
}
