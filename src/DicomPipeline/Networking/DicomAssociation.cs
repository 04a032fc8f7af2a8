using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace DicomPipeline.Networking;

/// <summary>
/// The requesting side (SCU) of one association (PS3.8): opened with <see cref="OpenAsync"/>, then one DIMSE operation
/// at a time (no asynchronous operations window is negotiated), then <see cref="ReleaseAsync"/> or
/// <see cref="DisposeAsync"/>, which aborts an association still open. Every wait is bounded: ARTIM for opening and
/// releasing, the response timeout for each read and write.
/// </summary>
internal sealed class DicomAssociation : IAsyncDisposable
{
    private readonly AssociationSettings _settings;
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private ushort _nextMessageId = 1;
    private bool _open;

    private DicomAssociation(AssociationSettings settings, TcpClient client, Stream stream, IReadOnlyList<PresentationContext> contexts)
    {
        _settings = settings;
        _client = client;
        _stream = stream;
        Contexts = contexts;
    }

    /// <summary>The proposed contexts, each with the peer's result.</summary>
    public IReadOnlyList<PresentationContext> Contexts { get; }

    /// <summary>The largest P-DATA-TF variable field sent to the peer.</summary>
    public int MaxSendLength { get; private set; }

    /// <summary>The peer's implementation version name, when it gave one.</summary>
    public string? PeerImplementationVersion { get; private set; }

    /// <summary>Connects (see <see cref="AssociationConnection"/>), sends A-ASSOCIATE-RQ and waits for the answer.</summary>
    /// <exception cref="DicomNetworkException">The peer cannot be reached, rejects or aborts, answers nonsense, or does not answer in time.</exception>
    public static async Task<DicomAssociation> OpenAsync(AssociationSettings settings, IReadOnlyList<PresentationContext> contexts, CancellationToken cancellationToken)
    {
        var (client, stream) = await AssociationConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        try
        {
            var association = new DicomAssociation(settings, client, stream, contexts);
            try
            {
                await association.NegotiateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException ex) when (settings.Tls is { } handshake && ex.InnerException is IOException or SocketException)
            {
                // In TLS 1.3 the peer checks this side's certificate after the client's handshake has finished: its
                // refusal arrives as a connection closed under the association request.
                throw new DicomNetworkException($"TLS with {settings.Display} failed: the peer closed the connection before answering the association request; {handshake.ClientCertificateHint}.", ex);
            }

            return association;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends C-ECHO-RQ on the Verification context and returns the response's status.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken)
    {
        var context = Contexts.FirstOrDefault(c => c.AbstractSyntax == DimseUids.Verification && c.IsAccepted)
            ?? throw new DicomNetworkException($"{_settings.Display} does not accept the Verification SOP class (C-ECHO).");
        var messageId = _nextMessageId++;
        await SendCommandAsync(context.Id, DimseCommand.EncodeEchoRequest(messageId), cancellationToken).ConfigureAwait(false);
        var response = await ReadResponseAsync(messageId, DimseCommand.CEchoResponse, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// Sends C-STORE-RQ and its data set, written by <paramref name="writeDataset"/> in the context's accepted transfer
    /// syntax, and returns the C-STORE-RSP.
    /// </summary>
    public async Task<DimseCommand> StoreAsync(
        PresentationContext context,
        string sopClassUid,
        string sopInstanceUid,
        Func<PDataStream, CancellationToken, ValueTask> writeDataset,
        CancellationToken cancellationToken)
    {
        var messageId = _nextMessageId++;
        if (_nextMessageId == 0)
        {
            _nextMessageId = 1;
        }

        await SendCommandAsync(context.Id, DimseCommand.EncodeStoreRequest(messageId, sopClassUid, sopInstanceUid), cancellationToken).ConfigureAwait(false);
        using (var data = new PDataStream(this, context.Id, command: false, MaxSendLength))
        {
            await writeDataset(data, cancellationToken).ConfigureAwait(false);
            await data.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ReadResponseAsync(messageId, DimseCommand.CStoreResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends A-RELEASE-RQ, waits (ARTIM) for A-RELEASE-RP and closes; an association that cannot be released is aborted.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!_open)
        {
            return;
        }

        try
        {
            await WritePduAsync(new byte[] { (byte)PduType.ReleaseRequest, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, cancellationToken, _settings.ConnectTimeout).ConfigureAwait(false);
            while (true)
            {
                var (type, body) = await ReadPduAsync(_settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                if (type == PduType.ReleaseResponse)
                {
                    _open = false;
                    break;
                }

                if (type == PduType.Abort)
                {
                    _open = false;
                    break;
                }

                // A late P-DATA-TF (nothing is outstanding) is dropped; anything else ends it.
                if (type != PduType.DataTransfer)
                {
                    throw Unexpected(type);
                }

                _ = body;
            }
        }
        catch (DicomNetworkException)
        {
            // Released or not, nothing is outstanding: the connection is closed below.
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends A-ABORT (service user) when the association is open, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_open)
        {
            _open = false;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _stream.WriteAsync(new byte[] { (byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer is gone already.
            }
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    /// <summary>Writes one whole PDU, bounded by the response timeout.</summary>
    internal async ValueTask WritePduAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = timeout ?? _settings.ResponseTimeout;
        bounded.CancelAfter(limit);
        try
        {
            await _stream.WriteAsync(pdu, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Lost($"{_settings.Display} took no data for {Seconds(limit)}");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            throw Lost(await AbortReasonAsync().ConfigureAwait(false) ?? $"the connection to {_settings.Display} broke while sending ({ex.Message})", ex);
        }
    }

    private async Task NegotiateAsync(CancellationToken cancellationToken)
    {
        var request = new AssociationRequest(_settings.CalledAeTitle, _settings.CallingAeTitle, Contexts, AssociationSettings.MaxReceiveLength);
        await WritePduAsync(request.Encode(), cancellationToken, _settings.ConnectTimeout).ConfigureAwait(false);
        var (type, body) = await ReadPduAsync(_settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        switch (type)
        {
            case PduType.AssociateAccept:
                var accept = AssociationAccept.Parse(body, Contexts);
                var peerMax = accept.PeerMaxReceiveLength;
                MaxSendLength = peerMax is 0 or > AssociationSettings.MaxSendLength ? AssociationSettings.MaxSendLength : peerMax;
                if (MaxSendLength < 128)
                {
                    await AbortAsync(serviceUser: true).ConfigureAwait(false);
                    throw new DicomNetworkException($"{_settings.Display} announced a maximum PDU length of {peerMax} bytes, too small to use.");
                }

                PeerImplementationVersion = accept.PeerImplementationVersion;
                _open = true;
                break;
            case PduType.AssociateReject when body.Length >= 4:
                throw new DicomNetworkException(
                    $"{_settings.Host}:{_settings.Port} rejected the association with called AE '{_settings.CalledAeTitle}' "
                    + $"(calling AE '{_settings.CallingAeTitle}'): {UpperLayerReasons.DescribeReject(body[1], body[2], body[3])}.") { Transient = body[1] == 2 };
            case PduType.Abort when body.Length >= 4:
                throw new DicomNetworkException($"{_settings.Display} aborted the association request {UpperLayerReasons.DescribeAbort(body[2], body[3])}.") { Transient = true };
            default:
                await AbortAsync().ConfigureAwait(false);
                throw Unexpected(type, "in answer to A-ASSOCIATE-RQ");
        }
    }

    private async Task SendCommandAsync(byte contextId, byte[] command, CancellationToken cancellationToken)
    {
        using var pdv = new PDataStream(this, contextId, command: true, MaxSendLength);
        await pdv.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await pdv.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads P-DATA-TF PDUs until a whole command has come, and checks it answers <paramref name="messageId"/>.</summary>
    private async Task<DimseCommand> ReadResponseAsync(ushort messageId, ushort expectedField, CancellationToken cancellationToken)
    {
        using var command = new MemoryStream();
        var datasetExpected = false;
        DimseCommand? response = null;
        while (response is null || datasetExpected)
        {
            var (type, body) = await ReadPduAsync(_settings.ResponseTimeout, cancellationToken).ConfigureAwait(false);
            if (type == PduType.Abort)
            {
                _open = false;
                throw Lost($"{_settings.Display} aborted the association {UpperLayerReasons.DescribeAbort(body.Length >= 4 ? body[2] : (byte)0, body.Length >= 4 ? body[3] : (byte)0)}");
            }

            if (type != PduType.DataTransfer)
            {
                await AbortAsync().ConfigureAwait(false);
                throw Unexpected(type, "while waiting for a response");
            }

            var pdvs = body.AsSpan();
            while (pdvs.Length > 0)
            {
                if (pdvs.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(pdvs) is var length && (length < 2 || length > pdvs.Length - 4))
                {
                    await AbortAsync().ConfigureAwait(false);
                    throw Lost($"{_settings.Display} sent a malformed P-DATA-TF PDU");
                }

                var control = pdvs[5];
                var fragment = pdvs.Slice(6, (int)length - 2);
                if ((control & 0x01) != 0)
                {
                    if (command.Length + fragment.Length > AssociationSettings.MaxAcceptedPduLength)
                    {
                        await AbortAsync().ConfigureAwait(false);
                        throw Lost($"{_settings.Display} sent a DIMSE command longer than {AssociationSettings.MaxAcceptedPduLength} bytes");
                    }

                    command.Write(fragment);
                    if ((control & 0x02) != 0)
                    {
                        response = DimseCommand.Decode(command.GetBuffer().AsSpan(0, (int)command.Length));
                        datasetExpected = response.HasDataset;
                    }
                }
                else if ((control & 0x02) != 0)
                {
                    // A data set with the response (none is defined for C-STORE-RSP or C-ECHO-RSP) is read and dropped.
                    datasetExpected = false;
                }

                pdvs = pdvs[(4 + (int)length)..];
            }
        }

        if (response.CommandField != expectedField || response.MessageIdBeingRespondedTo != messageId)
        {
            await AbortAsync(serviceUser: true).ConfigureAwait(false);
            throw Lost($"{_settings.Display} answered message {messageId} with command {response.CommandField:X4}H for message {response.MessageIdBeingRespondedTo}");
        }

        return response;
    }

    /// <summary>Reads one PDU: its header, then a body no longer than <see cref="AssociationSettings.MaxAcceptedPduLength"/>.</summary>
    private async Task<(PduType Type, byte[] Body)> ReadPduAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var header = new byte[6];
        try
        {
            await _stream.ReadExactlyAsync(header, bounded.Token).ConfigureAwait(false);
            var type = header[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
            if (type is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
            {
                await AbortAsync(reason: 1).ConfigureAwait(false);
                throw Lost($"{_settings.Display} sent something that is not a DICOM PDU (type {type:X2}H)");
            }

            if (length > AssociationSettings.MaxAcceptedPduLength)
            {
                await AbortAsync(reason: 6).ConfigureAwait(false);
                throw Lost($"{_settings.Display} announced a PDU of {length} bytes, more than the {AssociationSettings.MaxAcceptedPduLength} this side accepts");
            }

            var body = new byte[length];
            await _stream.ReadExactlyAsync(body, bounded.Token).ConfigureAwait(false);
            return ((PduType)type, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await AbortAsync().ConfigureAwait(false);
            throw Lost($"{_settings.Display} did not answer within {Seconds(timeout)}");
        }
        catch (EndOfStreamException ex)
        {
            _open = false;
            throw Lost($"{_settings.Display} closed the connection in the middle of a PDU or without answering", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _open = false;
            throw Lost($"the connection to {_settings.Display} broke ({ex.Message})", ex);
        }
    }

    /// <summary>After a failed write: whether the peer said why it went away, in an A-ABORT still waiting to be read.</summary>
    private async Task<string?> AbortReasonAsync()
    {
        _open = false;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var header = new byte[10];
            await _stream.ReadExactlyAsync(header, timeout.Token).ConfigureAwait(false);
            return header[0] == (byte)PduType.Abort
                ? $"{_settings.Display} aborted the association {UpperLayerReasons.DescribeAbort(header[8], header[9])}"
                : null;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends A-ABORT: from the service provider (source 2, this side's upper layer found a protocol error) with a PS3.8
    /// Table 9-26 reason, or from the service user (source 0, reason 0: this side's application chose to end it).
    /// </summary>
    private async Task AbortAsync(byte reason = 0, bool serviceUser = false)
    {
        if (!_client.Connected)
        {
            _open = false;
            return;
        }

        _open = false;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            byte[] abort = serviceUser ? [(byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, 0, 0] : [(byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, 2, reason];
            await _stream.WriteAsync(abort, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already.
        }
    }

    private DicomNetworkException Unexpected(PduType type, string when = "") =>
        Lost($"{_settings.Display} sent an unexpected {type} PDU{(when.Length > 0 ? " " + when : string.Empty)}");

    private DicomNetworkException Lost(string message, Exception? inner = null)
    {
        _open = false;
        return new DicomNetworkException(message + ".", inner) { AssociationLost = true };
    }

    private static string Seconds(TimeSpan span) => AssociationConnection.Seconds(span);
}
