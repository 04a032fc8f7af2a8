using System.Buffers.Binary;
using System.Net.Sockets;
using DicomPipeline.Dicom;
using DicomPipeline.Networking;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Receiving;

/// <summary>
/// The accepting side of one association (PS3.8, PS3.7): reads the A-ASSOCIATE-RQ within ARTIM, accepts or rejects it,
/// then answers C-ECHO and C-STORE until the caller releases or aborts. A data set goes PDV by PDV into a
/// <see cref="SpoolWrite"/>; the C-STORE-RSP says success only once the instance is on disk in the spool, A700H (out of
/// resources) when it could not be written. One PDU buffer of the announced maximum length is all it holds in memory.
/// </summary>
internal sealed class ScpAssociation
{
    /// <summary>The transfer syntaxes accepted, in this side's order of preference when the caller offers several.</summary>
    internal static readonly string[] AcceptedTransferSyntaxes =
    [
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.JpegBaseline.Uid,
        DicomTransferSyntax.JpegLosslessSV1.Uid,
        DicomTransferSyntax.Jpeg2000.Uid,
        DicomTransferSyntax.RleLossless.Uid,
    ];

    private const int MaxCommandLength = 64 * 1024;

    private readonly Stream _stream;
    private readonly DicomReceiverOptions _options;
    private readonly DicomSpool _spool;
    private readonly ILogger _logger;
    private readonly string _peer;
    private ReceivedAssociationRequest? _request;
    private int _maxSendLength;

    public ScpAssociation(Stream stream, string peer, DicomReceiverOptions options, DicomSpool spool, ILogger logger)
    {
        _stream = stream;
        _peer = peer;
        _options = options;
        _spool = spool;
        _logger = logger;
    }

    /// <summary>How many instances this association stored.</summary>
    public int Stored { get; private set; }

    /// <summary>Serves the association to its end. <paramref name="overLimit"/>: too many associations are open; the caller is rejected as transient.</summary>
    public async Task RunAsync(bool overLimit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Max(_options.MaxPduLength, 64 * 1024)];
        var (type, length) = await ReadPduAsync(buffer, _options.AssociationTimeout, cancellationToken).ConfigureAwait(false);
        if (type != PduType.AssociateRequest)
        {
            await AbortAsync(2, 2).ConfigureAwait(false);
            return;
        }

        _request = ReceivedAssociationRequest.Parse(buffer.AsSpan(0, length));
        var reject = Judge(_request, overLimit);
        if (reject is { } r)
        {
            ReceiverInstruments.Associations.Add(1, new KeyValuePair<string, object?>("dicompipeline.result", "rejected"));
            _logger.Rejected(_peer, _request.CallingAeTitle, _request.CalledAeTitle, UpperLayerReasons.DescribeReject(r.Result, r.Source, r.Reason));
            await WriteAsync(ReceivedAssociationRequest.EncodeReject(r.Result, r.Source, r.Reason), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var context in _request.Contexts)
        {
            Negotiate(context);
        }

        var peerMax = _request.PeerMaxReceiveLength;
        _maxSendLength = peerMax is 0 or > AssociationSettings.MaxSendLength ? AssociationSettings.MaxSendLength : Math.Max(peerMax, 128);
        await WriteAsync(_request.EncodeAccept(_options.MaxPduLength), cancellationToken).ConfigureAwait(false);
        ReceiverInstruments.Associations.Add(1, new KeyValuePair<string, object?>("dicompipeline.result", "accepted"));
        var accepted = _request.Contexts.Count(c => c.IsAccepted);
        _logger.Accepted(_peer, _request.CallingAeTitle, accepted, _request.Contexts.Count);
        await ServeAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The A-ASSOCIATE-RJ fields for a request that must be refused (PS3.8 Table 9-21), or null.</summary>
    private (byte Result, byte Source, byte Reason)? Judge(ReceivedAssociationRequest request, bool overLimit)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return (1, 2, 2);
        }

        if (request.ApplicationContext != AssociationRequest.ApplicationContextName)
        {
            return (1, 1, 2);
        }

        if (!string.Equals(request.CalledAeTitle, _options.AeTitle, StringComparison.Ordinal))
        {
            return (1, 1, 7);
        }

        if (_options.AllowedCallingAeTitles.Count > 0 && !_options.AllowedCallingAeTitles.Contains(request.CallingAeTitle, StringComparer.Ordinal))
        {
            return (1, 1, 3);
        }

        return overLimit ? (2, 3, 2) : null;
    }

    /// <summary>Accepts Verification and every Storage SOP class in the first proposed syntax this side reads (PS3.8 Table 9-18 results).</summary>
    private static void Negotiate(PresentationContext context)
    {
        if (context.AbstractSyntax != DimseUids.Verification && !StorageSopClasses.Contains(context.AbstractSyntax))
        {
            context.Result = 3;
            return;
        }

        var syntax = context.AbstractSyntax == DimseUids.Verification
            ? context.TransferSyntaxes.FirstOrDefault(s => s is DimseUids.ImplicitVRLittleEndian or DimseUids.ExplicitVRLittleEndian)
            : context.TransferSyntaxes.FirstOrDefault(s => AcceptedTransferSyntaxes.Contains(s, StringComparer.Ordinal));
        if (syntax is null)
        {
            context.Result = 4;
            return;
        }

        context.Result = 0;
        context.AcceptedTransferSyntax = syntax;
    }

    private async Task ServeAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var command = new MemoryStream();
        DimseCommand? pending = null;
        SpoolWrite? write = null;
        ushort failure = 0;
        try
        {
            while (true)
            {
                var (type, length) = await ReadPduAsync(buffer, _options.DimseTimeout, cancellationToken).ConfigureAwait(false);
                switch (type)
                {
                    case PduType.ReleaseRequest:
                        await WriteAsync(new byte[] { (byte)PduType.ReleaseResponse, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, cancellationToken).ConfigureAwait(false);
                        return;
                    case PduType.Abort:
                        _logger.Aborted(_peer, UpperLayerReasons.DescribeAbort(length >= 4 ? buffer[2] : (byte)0, length >= 4 ? buffer[3] : (byte)0));
                        return;
                    case PduType.DataTransfer:
                        break;
                    default:
                        await AbortAsync(2, 2).ConfigureAwait(false);
                        throw new DicomNetworkException($"{_peer} sent an unexpected {type} PDU.");
                }

                var offset = 0;
                while (offset < length)
                {
                    if (length - offset < 6 || BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(offset)) is var pdvLength && (pdvLength < 2 || pdvLength > length - offset - 4))
                    {
                        await AbortAsync(2, 6).ConfigureAwait(false);
                        throw new DicomNetworkException($"{_peer} sent a malformed P-DATA-TF PDU.");
                    }

                    var contextId = buffer[offset + 4];
                    var control = buffer[offset + 5];
                    var fragment = buffer.AsMemory(offset + 6, (int)pdvLength - 2);
                    offset += 4 + (int)pdvLength;
                    var last = (control & 0x02) != 0;
                    if ((control & 0x01) != 0)
                    {
                        if (command.Length + fragment.Length > MaxCommandLength)
                        {
                            await AbortAsync(2, 6).ConfigureAwait(false);
                            throw new DicomNetworkException($"{_peer} sent a DIMSE command longer than {MaxCommandLength} bytes.");
                        }

                        command.Write(fragment.Span);
                        if (!last)
                        {
                            continue;
                        }

                        var request = DimseCommand.Decode(command.GetBuffer().AsSpan(0, (int)command.Length));
                        command.SetLength(0);
                        var context = _request!.Contexts.FirstOrDefault(c => c.Id == contextId && c.IsAccepted);
                        if (request.CommandField == DimseCommand.CEchoRequest)
                        {
                            await SendCommandAsync(contextId, DimseCommand.EncodeEchoResponse(request.MessageId, 0x0000), cancellationToken).ConfigureAwait(false);
                        }
                        else if (request.CommandField == DimseCommand.CStoreRequest && request.HasDataset)
                        {
                            pending = request;
                            failure = 0;
                            if (context is null || context.AbstractSyntax != request.AffectedSopClassUid || request.AffectedSopInstanceUid is null)
                            {
                                failure = 0x0122; // refused: SOP class not supported (or not on this context)
                            }
                            else
                            {
                                try
                                {
                                    write = _spool.Begin(request.AffectedSopClassUid!, request.AffectedSopInstanceUid, context.AcceptedTransferSyntax!, _request.CallingAeTitle);
                                }
                                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                                {
                                    failure = OutOfResources(ex);
                                }
                            }
                        }
                        else
                        {
                            // Only C-ECHO and C-STORE are offered (no other SOP class is negotiated): anything else ends it.
                            await AbortAsync(0, 0).ConfigureAwait(false);
                            throw new DicomNetworkException($"{_peer} sent DIMSE command {request.CommandField:X4}H, which this SCP does not offer.");
                        }
                    }
                    else
                    {
                        if (pending is null)
                        {
                            await AbortAsync(2, 2).ConfigureAwait(false);
                            throw new DicomNetworkException($"{_peer} sent a data set without a command.");
                        }

                        if (write is not null)
                        {
                            try
                            {
                                write.Write(fragment.Span);
                            }
                            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                            {
                                failure = OutOfResources(ex);
                                write.Dispose();
                                write = null;
                            }
                        }

                        if (last)
                        {
                            var status = failure;
                            if (write is not null)
                            {
                                status = Commit(write, cancellationToken);
                                write.Dispose();
                                write = null;
                            }

                            if (status != 0)
                            {
                                ReceiverInstruments.StoreFailures.Add(1);
                            }

                            await SendCommandAsync(contextId, DimseCommand.EncodeStoreResponse(pending.MessageId, pending.AffectedSopClassUid ?? string.Empty, pending.AffectedSopInstanceUid ?? string.Empty, status), cancellationToken).ConfigureAwait(false);
                            pending = null;
                        }
                    }
                }
            }
        }
        finally
        {
            write?.Dispose();
        }
    }

    private ushort Commit(SpoolWrite write, CancellationToken cancellationToken)
    {
        try
        {
            write.Commit(cancellationToken);
            Stored++;
            ReceiverInstruments.InstancesReceived.Add(1);
            return 0x0000;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OutOfResources(ex);
        }
        catch (DicomFormatException ex)
        {
            _logger.Unreadable(_peer, ex.Message);
            return 0xC000;
        }
    }

    private ushort OutOfResources(Exception ex)
    {
        _logger.OutOfResources(_peer, ex.Message);
        return 0xA700;
    }

    /// <summary>Sends a command set in one or more P-DATA-TF PDUs no larger than the caller accepts.</summary>
    private async Task SendCommandAsync(byte contextId, byte[] command, CancellationToken cancellationToken)
    {
        var room = _maxSendLength - 6;
        var offset = 0;
        do
        {
            var chunk = Math.Min(room, command.Length - offset);
            var last = offset + chunk == command.Length;
            var pdu = new byte[12 + chunk];
            pdu[0] = (byte)PduType.DataTransfer;
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(6 + chunk));
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(2 + chunk));
            pdu[10] = contextId;
            pdu[11] = (byte)(0x01 | (last ? 0x02 : 0x00));
            command.AsSpan(offset, chunk).CopyTo(pdu.AsSpan(12));
            await WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
            offset += chunk;
        }
        while (offset < command.Length);
    }

    /// <summary>Reads one PDU into <paramref name="buffer"/>, within <paramref name="timeout"/>; a PDU longer than the buffer is refused with an abort.</summary>
    private async Task<(PduType Type, int Length)> ReadPduAsync(byte[] buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await _stream.ReadExactlyAsync(buffer.AsMemory(0, 6), bounded.Token).ConfigureAwait(false);
            var type = buffer[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(2));
            if (type is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
            {
                await AbortAsync(2, 1).ConfigureAwait(false);
                throw new DicomNetworkException($"{_peer} sent something that is not a DICOM PDU (type {type:X2}H).");
            }

            if (length > buffer.Length)
            {
                await AbortAsync(2, 6).ConfigureAwait(false);
                throw new DicomNetworkException($"{_peer} sent a PDU of {length} bytes, more than the {buffer.Length} announced.");
            }

            await _stream.ReadExactlyAsync(buffer.AsMemory(0, (int)length), bounded.Token).ConfigureAwait(false);
            return ((PduType)type, (int)length);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await AbortAsync(2, 0).ConfigureAwait(false);
            throw new DicomNetworkException($"{_peer} sent nothing for {timeout.TotalSeconds:0.#} s; the association was aborted.");
        }
    }

    private async Task WriteAsync(byte[] pdu, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.DimseTimeout);
        await _stream.WriteAsync(pdu, bounded.Token).ConfigureAwait(false);
    }

    private async Task AbortAsync(byte source, byte reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _stream.WriteAsync(new byte[] { (byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, source, reason }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The caller is gone already.
        }
    }
}
